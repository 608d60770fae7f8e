import Glibc
import SystemPackage

/// One log file being read through an open descriptor: which file it is and how far it has
/// been read. Being open, it keeps what the file holds readable after the shim rotates it
/// (renames it away) or the container's removal deletes it.
struct LogCursor: Sendable {
    private let descriptor: FileDescriptor
    private let inode: UInt64
    private var offset: Int64 = 0

    /// The file `path` names now; nil when there is none.
    init?(opening path: FilePath) {
        guard let descriptor = try? FileDescriptor.open(path, .readOnly, options: .closeOnExec) else { return nil }
        var status = stat()
        guard fstat(descriptor.rawValue, &status) == 0 else {
            try? descriptor.close()
            return nil
        }
        self.descriptor = descriptor
        self.inode = UInt64(status.st_ino)
    }

    /// The complete records written since the last read (from the start again if the file
    /// was emptied meanwhile); a torn last record waits for the rest.
    mutating func readRecords() -> [ContainerLogRecord] {
        var status = stat()
        guard fstat(descriptor.rawValue, &status) == 0 else { return [] }
        if Int64(status.st_size) < offset { offset = 0 }
        guard Int64(status.st_size) > offset else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(Int64(status.st_size) - offset))
        let count = (try? bytes.withUnsafeMutableBytes { try descriptor.read(fromAbsoluteOffset: offset, into: $0) }) ?? 0
        // A record is complete with its newline; a torn one at the end waits for the rest.
        guard let lastNewline = bytes[..<count].lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        offset += Int64(lastNewline + 1)
        return bytes[..<lastNewline].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap(ContainerLogRecord.init(line:))
    }

    /// Whether `path` still names this file (false once it was rotated away or deleted).
    func isNamed(by path: FilePath) -> Bool {
        var status = stat()
        return stat(path.string, &status) == 0 && UInt64(status.st_ino) == inode
    }

    /// Lets the file go.
    func close() {
        try? descriptor.close()
    }
}
