/// What an extraction did: how many entries it applied and which it skipped.
public struct LayerExtraction: Sendable, Equatable {
    /// How many skipped paths are kept, so that a layer full of devices costs no memory.
    public static let skippedPathLimit = 16

    /// Entries written or applied (whiteouts included).
    public internal(set) var entryCount = 0
    /// Device, FIFO and socket entries, which are not created: a container gets its `/dev`
    /// from its runtime, and a node does not need an image's device nodes.
    public internal(set) var skippedSpecialFileCount = 0
    /// The first `skippedPathLimit` of those, for a log line.
    public internal(set) var skippedSpecialFiles: [String] = []

    mutating func skip(_ path: String) {
        skippedSpecialFileCount += 1
        if skippedSpecialFiles.count < Self.skippedPathLimit { skippedSpecialFiles.append(path) }
    }
}
