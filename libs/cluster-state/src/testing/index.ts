// Test support only: the `@shoal/cluster-state/testing` entry point, for specs of other projects.
// Never re-exported from the runtime index (`@shoal/cluster-state`).
export { manifestOf, memberOf, uniquePrefix } from './cluster-state.fixture';
