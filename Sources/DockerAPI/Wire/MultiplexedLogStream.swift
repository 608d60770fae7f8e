import NIOCore
import SwarmTransport

/// Docker's multiplexed stream for logs (`application/vnd.docker.multiplexed-stream`): each
/// line in a frame of its own, an 8-byte header (the stream — 1 stdout, 2 stderr, 3 an error of
/// the daemon's — three zero bytes, and the payload's length, big-endian) before it. With
/// `details`, each line starts with the swarm attributes the docker CLI parses to name the task
/// and node; with `timestamps`, with the time it was written. Warnings come last, as one error
/// frame (the CLI prints it and exits non-zero, as it does for Docker's incomplete log streams).
struct MultiplexedLogStream {
    let timestamps: Bool
    let details: Bool

    /// The frames of `events`, ended by the warnings and any error.
    func frames(of events: AsyncThrowingStream<LogEvent, any Error>) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            let encoding = Task {
                var warnings: [String] = []
                do {
                    for try await event in events {
                        switch event {
                        case .lines(let lines):
                            var buffer = ByteBuffer()
                            for line in lines { append(line, to: &buffer) }
                            continuation.yield(buffer)
                        case .warning(let warning): warnings.append(warning)
                        }
                    }
                } catch is CancellationError {
                } catch {
                    warnings.append("\(error)")
                }
                if !warnings.isEmpty {
                    var buffer = ByteBuffer()
                    Self.appendFrame(stream: 3, Array("incomplete log stream: \(warnings.joined(separator: "; "))\n".utf8), to: &buffer)
                    continuation.yield(buffer)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in encoding.cancel() }
        }
    }

    private func append(_ line: LogLine, to buffer: inout ByteBuffer) {
        var payload: [UInt8] = []
        payload.reserveCapacity(line.content.count + 160)
        if timestamps { payload += Array("\(line.timestamp) ".utf8) }
        if details {
            // Sorted by key, as Docker writes them; IDs need no escaping.
            payload += Array("com.docker.swarm.node.id=\(line.nodeID),com.docker.swarm.service.id=\(line.serviceID),com.docker.swarm.task.id=\(line.taskID) ".utf8)
        }
        payload += line.content
        if !line.isPartial { payload.append(UInt8(ascii: "\n")) }
        Self.appendFrame(stream: line.isStandardError ? 2 : 1, payload, to: &buffer)
    }

    private static func appendFrame(stream: UInt8, _ payload: [UInt8], to buffer: inout ByteBuffer) {
        buffer.writeBytes([stream, 0, 0, 0])
        buffer.writeInteger(UInt32(payload.count), endianness: .big)
        buffer.writeBytes(payload)
    }
}
