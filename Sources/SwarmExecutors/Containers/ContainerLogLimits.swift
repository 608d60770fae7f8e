/// How much disk a container's log may hold: the shim rotates `container.log` once it would
/// pass `maxFileBytes`, keeping `files` files in all, so a container that logs without end
/// holds at most `files × maxFileBytes`. Docker's json-file driver keeps everything unless
/// told otherwise, a common cause of full disks; here the disk is also the Raft log's.
public struct ContainerLogLimits: Sendable, Equatable {
    /// The most files a log may be rotated over (the shim's own bound).
    static let mostFiles = 100

    public var maxFileBytes: Int64
    public var files: Int

    /// 10 MiB × 3 files by default.
    public init(maxFileBytes: Int64 = 10 << 20, files: Int = 3) {
        self.maxFileBytes = maxFileBytes
        self.files = min(max(1, files), Self.mostFiles)
    }

    /// The shim's options for these limits.
    var shimArguments: [String] {
        ["--max-size", "\(max(1, maxFileBytes))", "--max-files", "\(files)"]
    }
}
