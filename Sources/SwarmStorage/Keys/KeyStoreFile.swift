import SwarmCrypto
import SystemPackage

/// The key store's file format (Docs/storage.md):
///
///     0            8      9      10     12     16
///     +------------+------+------+------+------+----------------------------+---------+
///     | "SWMDEKS\1" | prot | keys | 0    | 0    | key entries (1 or 2)       | crc32c  |
///     +------------+------+------+------+------+----------------------------+---------+
///
/// Each entry is `role (1) | 0 (3) | key id (u32) | key`, the key being 32 raw bytes when `prot`
/// is 0, or the key wrapped under the KEK (74 bytes) when `prot` is 1, with the 16 header bytes
/// and the entry's first 8 bytes as associated data. The CRC-32C covers everything before it:
/// damage is reported as damage, not as a wrong key.
enum KeyStoreFile {
    /// What the file holds.
    struct Contents {
        var current: DataKey
        var pending: DataKey?
    }

    enum Role: UInt8 {
        case current = 0
        case pending = 1
    }

    static let magic: [UInt8] = Array("SWMDEKS".utf8) + [1]
    static let headerByteCount = 16

    static func encode(_ contents: Contents, kek: SecretKey?) -> [UInt8] {
        var bytes = magic
        let keys = [(Role.current, contents.current)] + (contents.pending.map { [(Role.pending, $0)] } ?? [])
        bytes += [kek == nil ? 0 : 1, UInt8(keys.count), 0, 0, 0, 0, 0, 0]
        for (role, key) in keys {
            let entryHeader = [role.rawValue, 0, 0, 0] + StorageBytes.littleEndian(key.id.rawValue)
            bytes += entryHeader
            if let kek {
                bytes += KeyWrapping.wrap(key.key, with: kek, associatedData: Array(bytes.prefix(headerByteCount)) + entryHeader)
            } else {
                key.key.withUnsafeBytes { bytes += $0 }
            }
        }
        bytes += StorageBytes.littleEndian(Checksum.of(bytes))
        return bytes
    }

    /// What went wrong decoding, before the caller adds the file's path.
    enum Failure: Error {
        case damaged(String)
        case locked
        case wrongUnlockKey
        case notLocked
    }

    static func decode(_ bytes: [UInt8], kek: SecretKey?) throws(Failure) -> Contents {
        guard bytes.count >= headerByteCount + 4 else { throw .damaged("it is \(bytes.count) bytes, too short") }
        let body = Array(bytes.dropLast(4))
        guard Checksum.of(body) == StorageBytes.read(UInt32.self, from: bytes, at: body.count) else {
            throw .damaged("checksum mismatch")
        }
        guard body.prefix(8).elementsEqual(magic) else { throw .damaged("not a swarmd key store (format 1)") }
        let isWrapped = body[8] == 1
        guard body[8] <= 1 else { throw .damaged("unknown protection \(body[8])") }
        let keyCount = Int(body[9])
        let keyByteCount = isWrapped ? KeyWrapping.wrappedByteCount : SecretKey.byteCount
        guard (1...2).contains(keyCount), body.count == headerByteCount + keyCount * (8 + keyByteCount) else {
            throw .damaged("unexpected size for \(keyCount) keys")
        }
        if isWrapped, kek == nil { throw .locked }
        if !isWrapped, kek != nil { throw .notLocked }
        var current: DataKey?
        var pending: DataKey?
        for slot in 0..<keyCount {
            let start = headerByteCount + slot * (8 + keyByteCount)
            let entryHeader = Array(body[start..<(start + 8)])
            let id = StorageBytes.read(UInt32.self, from: entryHeader, at: 4)
            var material = Array(body[(start + 8)..<(start + 8 + keyByteCount)])
            defer { SecureMemory.wipe(&material) }
            let key: SecretKey
            if let kek {
                do {
                    key = try KeyWrapping.unwrap(material, with: kek, associatedData: Array(body.prefix(headerByteCount)) + entryHeader)
                } catch {
                    throw .wrongUnlockKey
                }
            } else {
                guard let raw = try? SecretKey(copying: material) else { throw .damaged("key \(slot) has the wrong length") }
                key = raw
            }
            guard id != 0, let role = Role(rawValue: entryHeader[0]) else { throw .damaged("entry \(slot) is malformed") }
            switch role {
            case .current: current = DataKey(id: DataKeyID(rawValue: id), key: key)
            case .pending: pending = DataKey(id: DataKeyID(rawValue: id), key: key)
            }
        }
        guard let current else { throw .damaged("no current key") }
        return Contents(current: current, pending: pending)
    }
}
