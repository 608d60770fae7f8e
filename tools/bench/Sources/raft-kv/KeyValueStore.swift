import RaftNode
import RaftTypes
import Synchronization

/// The replicated map behind raft-kv: keys and values are bytes; a put's reply is the log
/// index it was applied at (etcd's "revision"). Commands: a put is `[1] u32-LE key length, key,
/// value`. Images: entry count (u64 LE), then per entry key length, key, value length, value
/// (u32 LE lengths).
final class KeyValueStore: RaftStateMachine {
    private let entries = Mutex<[[UInt8]: [UInt8]]>([:])

    enum ImageError: Error, CustomStringConvertible {
        case truncated
        var description: String { "the key-value image is truncated" }
    }

    static func putCommand(key: [UInt8], value: [UInt8]) -> [UInt8] {
        var command: [UInt8] = [1]
        command.appendLittleEndian(UInt32(key.count))
        return command + key + value
    }

    func value(for key: [UInt8]) -> [UInt8]? {
        entries.withLock { $0[key] }
    }

    var count: Int { entries.withLock { $0.count } }

    func apply(_ command: [UInt8], at index: LogIndex) -> [UInt8] {
        var reader = ByteReader(command)
        if reader.byte() == 1, let keyLength = reader.length(), let key = reader.bytes(keyLength) {
            let value = reader.rest()
            entries.withLock { $0[key] = value }
        }
        var reply: [UInt8] = []
        reply.appendLittleEndian(index.rawValue)
        return reply
    }

    /// The map as it is (a copy-on-write copy: O(1) here, copied only if a put follows).
    func freeze() -> any RaftStateMachineSnapshot {
        FrozenMap(entries: entries.withLock { $0 })
    }

    /// A frozen map, encoded when the snapshot is written.
    struct FrozenMap: RaftStateMachineSnapshot {
        let entries: [[UInt8]: [UInt8]]

        func image() -> [UInt8] {
            var image: [UInt8] = []
            image.appendLittleEndian(UInt64(entries.count))
            for (key, value) in entries {
                image.appendLittleEndian(UInt32(key.count))
                image += key
                image.appendLittleEndian(UInt32(value.count))
                image += value
            }
            return image
        }
    }

    func restore(fromImage image: [UInt8]) throws {
        var reader = ByteReader(image)
        guard let count = reader.unsigned64() else { throw ImageError.truncated }
        var restored: [[UInt8]: [UInt8]] = [:]
        for _ in 0..<count {
            guard let keyLength = reader.length(), let key = reader.bytes(keyLength), let valueLength = reader.length(),
                let value = reader.bytes(valueLength)
            else { throw ImageError.truncated }
            restored[key] = value
        }
        entries.withLock { $0 = restored }
    }
}

/// Reads the little-endian fields of commands and images; every read is bounds-checked.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func byte() -> UInt8? {
        bytes(1)?.first
    }

    mutating func length() -> Int? {
        bytes(4).map { Int($0.littleEndianInteger(at: 0, byteCount: 4)) }
    }

    mutating func unsigned64() -> UInt64? {
        bytes(8).map { $0.littleEndianInteger(at: 0, byteCount: 8) }
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }
}
