/// Bytes already in memory, delivered as one chunk: a small file of a backup.
public struct BytesInMemory: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(bytes: bytes)
    }

    public struct Iterator: AsyncIteratorProtocol {
        fileprivate var bytes: [UInt8]?

        public mutating func next() async throws -> [UInt8]? {
            defer { bytes = nil }
            return bytes
        }
    }
}
