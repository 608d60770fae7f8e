import Foundation
public import SystemPackage

/// A container's log file, read as `docker service logs` asks: some streams, records since a
/// moment, the last lines only, and (following) the records appended later, until the reader
/// stops or the file is deleted with its container.
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

    /// The records `options` asks for, in batches; a missing file has none.
    public func records(_ options: Options) -> AsyncStream<[ContainerLogRecord]> {
        let path = path
        return AsyncStream { continuation in
            let reading = Task {
                var offset = 0
                var first = true
                while !Task.isCancelled {
                    let from = offset
                    guard let (records, end) = await BlockingWork.run({ Self.read(path, from: from) }) else { break }
                    offset = end
                    var wanted = records.filter(options.admits)
                    if first, let tail = options.tail { wanted = Array(wanted.suffix(max(0, tail))) }
                    first = false
                    for start in stride(from: 0, to: wanted.count, by: Self.batchLimit) {
                        continuation.yield(Array(wanted[start..<min(start + Self.batchLimit, wanted.count)]))
                    }
                    guard options.follow else { break }
                    try? await Task.sleep(for: Self.followPeriod)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in reading.cancel() }
        }
    }

    /// The last `count` lines of `stream` there are now (runc's words when a start failed).
    public func lastLines(of stream: ContainerLogRecord.Stream, count: Int) -> [String] {
        let records = Self.read(path, from: 0)?.records ?? []
        return records.filter { $0.stream == stream }.suffix(count).map { String(decoding: $0.content, as: UTF8.self) }
    }

    /// The complete records from byte `offset` on, and the offset after the last of them; nil
    /// when the file is gone. A file shorter than `offset` was started again: read from its start.
    private static func read(_ path: FilePath, from offset: Int) -> (records: [ContainerLogRecord], end: Int)? {
        guard let handle = FileHandle(forReadingAtPath: path.string) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        let start = UInt64(offset) <= size ? offset : 0
        guard UInt64(start) < size, (try? handle.seek(toOffset: UInt64(start))) != nil, let data = try? handle.readToEnd() else { return ([], start) }
        let bytes = [UInt8](data)
        // A record is complete with its newline; a torn one at the end waits for the rest.
        guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return ([], start) }
        let records = bytes[..<lastNewline].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap(ContainerLogRecord.init(line:))
        return (records, start + lastNewline + 1)
    }
}
