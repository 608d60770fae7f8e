import Foundation

/// One record of a container's log (`containers/ID/container.log`), as `swarm-container-shim`
/// writes it in the CRI log format: `TIMESTAMP STREAM F|P CONTENT`, one record per line.
public struct ContainerLogRecord: Sendable, Equatable {
    /// Which of the container's outputs a record came from.
    public enum Stream: String, Sendable, CaseIterable {
        case stdout, stderr
    }

    /// When the shim read the line: RFC 3339 in UTC with nine digits of nanoseconds, so that
    /// timestamps order as strings do.
    public var timestamp: String
    public var stream: Stream
    /// Whether the line goes on in the next record of its stream (lines over 16 KiB are split).
    public var isPartial: Bool
    /// The line, without its newline.
    public var content: [UInt8]

    public init(timestamp: String, stream: Stream, isPartial: Bool, content: [UInt8]) {
        self.timestamp = timestamp
        self.stream = stream
        self.isPartial = isPartial
        self.content = content
    }

    /// Parses one line of the log (without its newline); nil for a line that is no record.
    init?(line: ArraySlice<UInt8>) {
        let space = UInt8(ascii: " ")
        let fields = line.split(separator: space, maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count >= 3, let stream = Stream(rawValue: String(decoding: fields[1], as: UTF8.self)) else { return nil }
        let tag = String(decoding: fields[2], as: UTF8.self)
        guard tag == "F" || tag == "P" else { return nil }
        self.init(
            timestamp: String(decoding: fields[0], as: UTF8.self), stream: stream, isPartial: tag == "P",
            content: fields.count == 4 ? Array(fields[3]) : []
        )
    }
}
