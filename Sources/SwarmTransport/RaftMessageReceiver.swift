public import RaftCore

/// Where the transport delivers what other members send: message batches in the order each
/// sender sent them, and whole snapshots with the message that announced them.
public protocol RaftMessageReceiver: AnyObject, Sendable {
    func receive(_ messages: [RaftMessage])
    func receiveSnapshot(_ message: RaftMessage, contents: [UInt8])
}
