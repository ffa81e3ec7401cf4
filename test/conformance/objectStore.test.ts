// The ObjectStore conformance suites, run against every store Lode builds:
// the single-drive engine, the production multi-drive store and a store of
// several sets. Another store (a node of remote drives) runs the same suites
// by adding its factory file under factories/ and its line here.
import { erasureStoreFactory } from './factories/erasureStore.js';
import { localEngineFactory } from './factories/localEngine.js';
import { multiSetFactory } from './factories/multiSet.js';
import { registerStoreSuites } from './suite/index.js';

for (const factory of [localEngineFactory, erasureStoreFactory, multiSetFactory]) registerStoreSuites(factory);
