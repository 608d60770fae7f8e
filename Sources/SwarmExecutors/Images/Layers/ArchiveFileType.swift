/// The file types of libarchive's entries (`AE_IF*` in archive_entry.h, whose casts Swift cannot
/// import) that an extraction treats apart.
enum ArchiveFileType {
    static let mask: UInt32 = 0o170000
    static let characterDevice: UInt32 = 0o020000
    static let blockDevice: UInt32 = 0o060000
    static let fifo: UInt32 = 0o010000
    static let socket: UInt32 = 0o140000

    /// Whether entries of `type` are device nodes, FIFOs or sockets, which are not created.
    static func isSpecial(_ type: UInt32) -> Bool {
        [characterDevice, blockDevice, fifo, socket].contains(type & mask)
    }
}
