import Foundation

/// A backup payload as the hot backup endpoint sends it: one line of JSON (the
/// `BackupDescription`, files without checksums), then each file's bytes in order, exactly as
/// many as the line announces, with nothing between them. The client checks every count.
struct FramedBackupStream: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let payload: BackupPayload

    func makeAsyncIterator() -> Iterator {
        Iterator(payload: payload)
    }

    struct Iterator: AsyncIteratorProtocol {
        private let payload: BackupPayload
        private var isHeaderSent = false
        private var partIndex = 0
        private var current: (any AsyncIteratorProtocol<[UInt8], any Error>)?

        fileprivate init(payload: BackupPayload) {
            self.payload = payload
        }

        mutating func next() async throws -> [UInt8]? {
            if !isHeaderSent {
                isHeaderSent = true
                return Array(try JSONEncoder().encode(payload.description)) + [UInt8(ascii: "\n")]
            }
            while partIndex < payload.parts.count {
                if current == nil { current = payload.parts[partIndex].contents.makeAsyncIterator() }
                if let chunk = try await current?.next() { return chunk }
                current = nil
                partIndex += 1
            }
            return nil
        }
    }
}
