/// A hot backup as the API sends it (`POST /swarm/backup`, a swarmd extension): the bytes
/// `swarm-backup` reads, produced as they are sent.
public struct BackupStream: Sendable {
    /// The response body's media type.
    public static let contentType = "application/vnd.swarmd.backup-stream"

    public var body: any AsyncSequence<[UInt8], any Error> & Sendable

    public init(body: any AsyncSequence<[UInt8], any Error> & Sendable) {
        self.body = body
    }
}
