export { route, type Endpoint, type RouteInput } from './route.js';
export type { OperationName } from './operations.js';
