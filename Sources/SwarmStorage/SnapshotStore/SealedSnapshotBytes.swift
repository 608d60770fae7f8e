public import RaftTypes

/// A snapshot held in memory, sealed frame by frame as it is read: the bytes of a snapshot file
/// (`SnapshotFormat`) delivered in pieces of at most one frame, for a stream such as a hot
/// backup. Only one frame is sealed ahead of the reader.
public struct SealedSnapshotBytes: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    private let contents: [UInt8]
    private let index: LogIndex
    private let term: Term
    private let key: DataKey

    /// The snapshot of the log up to `index` (of `term`) with `contents`, sealed with `key`.
    public init(contents: [UInt8], index: LogIndex, term: Term, key: DataKey) {
        self.contents = contents
        self.index = index
        self.term = term
        self.key = key
    }

    /// The total number of bytes the sequence delivers.
    public var byteCount: Int { SnapshotSealer.sealedByteCount(contentByteCount: contents.count) }

    public func makeAsyncIterator() -> Iterator {
        Iterator(contents: contents, sealer: SnapshotSealer(index: index, term: term, key: key))
    }

    /// Delivers the header, then one sealed frame per chunk.
    public struct Iterator: AsyncIteratorProtocol {
        fileprivate let contents: [UInt8]
        fileprivate var sealer: SnapshotSealer
        private var offset = 0
        private var isHeaderSent = false
        private var isFinished = false

        fileprivate init(contents: [UInt8], sealer: SnapshotSealer) {
            self.contents = contents
            self.sealer = sealer
        }

        public mutating func next() async throws -> [UInt8]? {
            if !isHeaderSent {
                isHeaderSent = true
                return sealer.header
            }
            guard !isFinished else { return nil }
            let (start, end) = (offset, Swift.min(offset + SnapshotFormat.chunkByteCount, contents.count))
            let isLast = end == contents.count
            var frame = [UInt8](repeating: 0, count: SnapshotSealer.maximumFrameByteCount)
            var sealer = self.sealer
            let frameByteCount = contents.withUnsafeBytes { bytes in
                frame.withUnsafeMutableBytes { output in
                    sealer.sealChunk(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), isLast: isLast, into: output)
                }
            }
            self.sealer = sealer
            offset = end
            isFinished = isLast
            frame.removeLast(frame.count - frameByteCount)
            return frame
        }
    }
}
