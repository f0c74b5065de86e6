import { describeObjectStoreContract } from "../runtime/core/store/objectStoreContract.js";
import { memoryObjectStore } from "./memoryObjectStore.js";

// The explorer's bucket keeps the contract the filesystem and GCS adapters keep.
describeObjectStoreContract("memory (schedule explorer)", async () => ({ store: memoryObjectStore(), close: async () => {} }));
