// Types of index.cjs: require('telnyx-mock') is createMock itself, carrying
// .createMock and .default; the types are index.d.ts's.
import type * as Types from './index.js';

declare function createMock(options?: Types.MockOptions): Types.Mock;
declare namespace createMock {
  export { createMock, createMock as default };
  export type MockOptions = Types.MockOptions;
  export type Mock = Types.Mock;
  export type FaultRule = Types.FaultRule;
  export type AddedFault = Types.AddedFault;
  export type RecordedRequest = Types.RecordedRequest;
  export type RequestFilter = Types.RequestFilter;
  export type Snapshot = Types.Snapshot;
  export type EngineAnswer = Types.EngineAnswer;
}
export = createMock;
