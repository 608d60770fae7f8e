public import RaftTypes

/// A linearizable read the group confirmed: once the state machine has applied through `index`,
/// serving the read identified by `context` from it reflects every write committed before the
/// read was asked for.
public struct RaftReadState: Hashable, Sendable {
    public var context: [UInt8]
    public var index: LogIndex

    public init(context: [UInt8], index: LogIndex) {
        self.context = context
        self.index = index
    }
}
