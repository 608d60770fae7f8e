/// How swarmd lays out a tar archive so that it can be verified entry by entry while streaming.
///
/// After every regular file `P` comes a checksum record `.swarm-archive/sha256/P` whose content
/// is one `sha256sum` line, `<64 hex digits>  P\n`. The archive ends with `.swarm-archive/end`
/// holding `swarm-archive 1\nentries N\n`, N counting the file and directory entries, so a cut
/// at an entry boundary is detected too. An operator can unpack with plain `tar --zstd -xf` and
/// check every file with `find .swarm-archive/sha256 -type f -exec cat {} + | sha256sum -c`
/// from the root.
///
/// Checksums follow their data, not precede it, so an entry streamed from a socket is written
/// in one pass without buffering it.
enum ArchiveLayout {
    /// The directory that holds swarmd's own records; no user entry may live under it.
    static let reservedDirectory = ".swarm-archive"
    private static let checksumDirectory = reservedDirectory + "/sha256/"
    /// Path of the final record.
    static let endRecordPath = reservedDirectory + "/end"
    /// Largest record of our own a reader will load into memory.
    static let recordByteLimit = 8 * 1024
    private static let formatLine = "swarm-archive 1"

    /// Whether `path` is one of swarmd's own records rather than user data.
    static func isReserved(_ path: String) -> Bool {
        path == reservedDirectory || path.hasPrefix(reservedDirectory + "/")
    }

    /// Path of the checksum record of the file at `path`.
    static func checksumRecordPath(for path: String) -> String {
        checksumDirectory + path
    }

    /// The checksum record content for the file at `path`.
    static func checksumRecord(hexDigest: String, path: String) -> [UInt8] {
        Array("\(hexDigest)  \(path)\n".utf8)
    }

    /// The hex digest in a checksum record for `path`, or nil if the record is malformed or
    /// names another path.
    static func hexDigest(inChecksumRecord record: [UInt8], path: String) -> String? {
        let expectedSuffix = Array("  \(path)\n".utf8)
        guard record.count == 64 + expectedSuffix.count, record.suffix(expectedSuffix.count).elementsEqual(expectedSuffix) else {
            return nil
        }
        let digest = record.prefix(64)
        guard digest.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }) else {
            return nil
        }
        return String(decoding: digest, as: UTF8.self)
    }

    /// The end record content for an archive of `entryCount` entries.
    static func endRecord(entryCount: Int) -> [UInt8] {
        Array("\(formatLine)\nentries \(entryCount)\n".utf8)
    }

    /// The entry count in an end record, or nil if the record is malformed.
    static func entryCount(inEndRecord record: [UInt8]) -> Int? {
        let lines = String(decoding: record, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 3, lines[0] == formatLine, lines[2].isEmpty, lines[1].hasPrefix("entries ") else {
            return nil
        }
        return Int(lines[1].dropFirst("entries ".count))
    }
}
