/// Snapshot contents held in memory, as the chunked sequence the snapshot store writes from.
struct SnapshotChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    private static let chunkByteCount = 1 << 20
    private let contents: [UInt8]

    init(_ contents: [UInt8]) {
        self.contents = contents
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let contents: [UInt8]
        fileprivate var offset = 0

        mutating func next() async -> [UInt8]? {
            guard offset < contents.count else { return nil }
            let end = Swift.min(offset + SnapshotChunks.chunkByteCount, contents.count)
            defer { offset = end }
            return Array(contents[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(contents: contents)
    }
}
