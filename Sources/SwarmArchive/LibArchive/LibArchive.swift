import CArchive

/// Small facts about libarchive shared by the writer and the reader.
enum LibArchive {
    /// `AE_IFREG` and `AE_IFDIR` from archive_entry.h (the C macros carry casts Swift cannot import).
    static let regularFileType: UInt32 = 0o100000
    static let directoryType: UInt32 = 0o040000
    static let fileTypeMask: UInt32 = 0o170000

    /// The permission bits an entry keeps: no set-id or sticky bits.
    static let permissionMask: UInt32 = 0o777

    /// libarchive's message for the last failure on `archive`.
    static func lastError(of archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
