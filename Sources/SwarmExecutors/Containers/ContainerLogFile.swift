import Foundation
public import SystemPackage

/// A container's log, read as `docker service logs` asks: some streams, records since a moment,
/// the last lines only, and (following) the records appended later, until the reader stops or
/// the log is deleted with its container. The shim rotates it (`ContainerLogLimits`): the
/// current file and up to N−1 older ones beside it (`LOG.1`, `LOG.2`, …).
public struct ContainerLogFile: Sendable {
    /// What to read.
    public struct Options: Sendable, Equatable {
        public var streams: Set<ContainerLogRecord.Stream>
        /// Only records at or after this timestamp (`ContainerLogRecord.timestamp`).
        public var since: String?
        /// Only the last this many records of what is there already (nil: all).
        public var tail: Int?
        /// Go on with records appended later.
        public var follow: Bool

        /// Whether `record` is of a wanted stream and not older than `since`.
        func admits(_ record: ContainerLogRecord) -> Bool {
            streams.contains(record.stream) && since.map { record.timestamp >= $0 } != false
        }

        public init(streams: Set<ContainerLogRecord.Stream> = Set(ContainerLogRecord.Stream.allCases), since: String? = nil, tail: Int? = nil, follow: Bool = false) {
            self.streams = streams
            self.since = since
            self.tail = tail
            self.follow = follow
        }
    }

    /// How often a followed log is looked at for new records.
    static let followPeriod = Duration.milliseconds(200)
    /// The most records handed over at once.
    static let batchLimit = 1000

    public let path: FilePath

    public init(path: FilePath) {
        self.path = path
    }

    /// The records `options` asks for, in batches: those of the rotated files (`LOG.N` … `LOG.1`,
    /// oldest first), then the current one's; a missing log has none. Following, the current
    /// file is read on through rotations (the rest of the renamed file, then the new one) until
    /// the log is deleted with its container.
    public func records(_ options: Options) -> AsyncStream<[ContainerLogRecord]> {
        let path = path
        return AsyncStream { continuation in
            let reading = Task {
                // The current file is opened first: a rotation from here on is seen by the cursor.
                let opened = await BlockingWork.run { LogCursor(opening: path) }
                var cursor = opened
                var history = await BlockingWork.run { Self.rotatedRecords(of: path, olderThan: opened) }
                var first = true
                while !Task.isCancelled, let current = cursor {
                    let (records, next) = await BlockingWork.run { Self.advance(current, following: path) }
                    cursor = next
                    var wanted = (history + records).filter(options.admits)
                    history = []
                    if first, let tail = options.tail { wanted = Array(wanted.suffix(max(0, tail))) }
                    first = false
                    for start in stride(from: 0, to: wanted.count, by: Self.batchLimit) {
                        continuation.yield(Array(wanted[start..<min(start + Self.batchLimit, wanted.count)]))
                    }
                    guard options.follow else { break }
                    try? await Task.sleep(for: Self.followPeriod)
                }
                cursor?.close()
                continuation.finish()
            }
            continuation.onTermination = { _ in reading.cancel() }
        }
    }

    /// The last `count` lines of `stream` there are now in the current file (runc's words when a
    /// start failed).
    public func lastLines(of stream: ContainerLogRecord.Stream, count: Int) -> [String] {
        guard var cursor = LogCursor(opening: path) else { return [] }
        defer { cursor.close() }
        return cursor.readRecords().filter { $0.stream == stream }.suffix(count).map { String(decoding: $0.content, as: UTF8.self) }
    }

    /// The new records of `cursor`'s file and the cursor to go on with: the same one; or, once
    /// the file was rotated away, one on the file that now has the name, after the rest of the
    /// old file and those rotated after it (however many rotations a slow reader missed, as
    /// far as they are kept); nil once the log is gone.
    private static func advance(_ cursor: LogCursor, following path: FilePath) -> ([ContainerLogRecord], LogCursor?) {
        var cursor = cursor
        var records = cursor.readRecords()
        guard !cursor.isNamed(by: path) else { return (records, cursor) }
        records += cursor.readRecords()
        guard let next = LogCursor(opening: path) else {
            // Deleted with its container; or caught between the shim's rename and its new
            // file, when the old file has the first rotated name: looked at again next time.
            if cursor.isNamed(by: FilePath(path.string + ".1")) { return (records, cursor) }
            cursor.close()
            return (records, nil)
        }
        cursor.close()
        return (records + rotatedRecords(of: path, newerThan: cursor), next)
    }

    /// The rotated files (`LOG.1`, `LOG.2`, … as far as they go), newest first.
    private static func rotatedFiles(of path: FilePath) -> [FilePath] {
        var files: [FilePath] = []
        for generation in 1...ContainerLogLimits.mostFiles {
            let rotated = FilePath(path.string + ".\(generation)")
            guard FileManager.default.fileExists(atPath: rotated.string) else { break }
            files.append(rotated)
        }
        return files
    }

    /// The records of the rotated files older than the one `cursor` reads (all of them when it
    /// reads none of them: it is on the current file), oldest first.
    private static func rotatedRecords(of path: FilePath, olderThan cursor: LogCursor?) -> [ContainerLogRecord] {
        let files = rotatedFiles(of: path)
        let position = cursor.flatMap { cursor in files.firstIndex { cursor.isNamed(by: $0) } }
        return records(of: position.map { Array(files[($0 + 1)...]) } ?? files)
    }

    /// The records of the rotated files newer than the one `reached` reads (all of them when it
    /// reads none of them), oldest first.
    private static func rotatedRecords(of path: FilePath, newerThan reached: LogCursor) -> [ContainerLogRecord] {
        let files = rotatedFiles(of: path)
        return records(of: Array(files.prefix { !reached.isNamed(by: $0) }))
    }

    /// The records of `files` (newest first), oldest first.
    private static func records(of files: [FilePath]) -> [ContainerLogRecord] {
        files.reversed().flatMap { file -> [ContainerLogRecord] in
            guard var cursor = LogCursor(opening: file) else { return [] }
            defer { cursor.close() }
            return cursor.readRecords()
        }
    }
}
