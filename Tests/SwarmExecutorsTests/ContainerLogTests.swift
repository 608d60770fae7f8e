import Foundation
import SwarmExecutors
import SwarmTesting
import Synchronization
import SystemPackage
import Testing

/// swarm-container-shim writes a program's output as CRI log records, and ContainerLogFile
/// reads them back as `docker service logs` asks (real processes, real files).
@Suite("Container logs")
struct ContainerLogTests {
    let shim = BuiltProducts.executable("swarm-container-shim")

    /// Runs `script` under the shim with its log at a new scratch path (rotated within
    /// `limits` when given).
    private func runShim(_ script: String, in scratch: ScratchDirectory, limits: [String] = []) throws -> (status: Int32, log: ContainerLogFile) {
        let path = scratch.appending("container.log")
        let outcome = try ChildProcess.run(shim, limits + [path.string, "/bin/sh", "-c", script], timeout: .seconds(30))
        return (outcome.exitStatus, ContainerLogFile(path: path))
    }

    /// A script printing `line-0` … `line-(count-1)`, pausing `pause` seconds after each.
    private func numberedLines(_ count: Int, pause: String = "0") -> String {
        "i=0; while [ $i -lt \(count) ]; do echo line-$i; sleep \(pause); i=$((i+1)); done"
    }

    private func all(_ log: ContainerLogFile, _ options: ContainerLogFile.Options = .init()) async -> [ContainerLogRecord] {
        var records: [ContainerLogRecord] = []
        for await batch in log.records(options) { records += batch }
        return records
    }

    private func text(_ records: [ContainerLogRecord]) -> [String] {
        records.map { "\($0.stream.rawValue) \($0.isPartial ? "P" : "F") \(String(decoding: $0.content, as: UTF8.self))" }
    }

    @Test("each line of stdout and stderr becomes a timestamped record in the order written, and the exit status passes through")
    func recordsInOrder() async throws {
        let scratch = try ScratchDirectory()
        let (status, log) = try runShim("echo one; sleep 0.3; echo two >&2; sleep 0.3; printf 'three'; exit 7", in: scratch)
        #expect(status == 7)
        let records = await all(log)
        #expect(text(records) == ["stdout F one", "stderr F two", "stdout F three"])
        #expect(records.map(\.timestamp) == records.map(\.timestamp).sorted())
        #expect(records.allSatisfy { $0.timestamp.count == 30 && $0.timestamp.hasSuffix("Z") }, "\(records.map(\.timestamp))")
    }

    @Test("a line over 16 KiB is split into partial records; a program killed by a signal exits 128 + the signal")
    func longLinesAndSignals() async throws {
        let scratch = try ScratchDirectory()
        let (status, log) = try runShim("head -c 40000 /dev/zero | tr '\\\\0' x; echo; kill -9 $$", in: scratch)
        #expect(status == 137)
        let records = await all(log)
        #expect(records.map(\.isPartial) == [true, true, false])
        #expect(records.map(\.content.count) == [16384, 16384, 40000 - 2 * 16384])
    }

    @Test("a program that cannot be run leaves its error in the log and exits 127")
    func missingProgram() async throws {
        let scratch = try ScratchDirectory()
        let path = scratch.appending("container.log")
        let outcome = try ChildProcess.run(shim, [path.string, "/nonexistent/runc"], timeout: .seconds(30))
        #expect(outcome.exitStatus == 127)
        #expect(ContainerLogFile(path: path).lastLines(of: .stderr, count: 3).first?.contains("/nonexistent/runc") == true)
    }

    @Test("streams, since and tail select records; a torn last record is left for later")
    func options() async throws {
        let scratch = try ScratchDirectory()
        let path = scratch.appending("container.log")
        let lines = [
            "2026-11-27T08:00:00.000000001Z stdout F a", "2026-11-27T08:00:01.000000000Z stderr F b",
            "2026-11-27T08:00:02.000000000Z stdout F c", "2026-11-27T08:00:03.000000000Z stdout F d",
        ]
        try (lines.joined(separator: "\n") + "\n2026-11-27T08:00:04.000000000Z stdout F tor").write(toFile: path.string, atomically: false, encoding: .utf8)
        let log = ContainerLogFile(path: path)
        #expect(text(await all(log)) == ["stdout F a", "stderr F b", "stdout F c", "stdout F d"])
        #expect(text(await all(log, .init(streams: [.stderr]))) == ["stderr F b"])
        #expect(text(await all(log, .init(tail: 2))) == ["stdout F c", "stdout F d"])
        #expect(text(await all(log, .init(tail: 0))) == [])
        #expect(text(await all(log, .init(since: "2026-11-27T08:00:01.000000000Z"))) == ["stderr F b", "stdout F c", "stdout F d"])
        #expect(await all(ContainerLogFile(path: scratch.appending("absent.log"))).isEmpty)
    }

    @Test("following hands over records appended later, and ends when the log is deleted")
    func follow() async throws {
        let scratch = try ScratchDirectory()
        let path = scratch.appending("container.log")
        try "2026-11-27T08:00:00.000000000Z stdout F first\n".write(toFile: path.string, atomically: false, encoding: .utf8)
        let log = ContainerLogFile(path: path)
        let seen = SeenLines()
        let reader = Task {
            for await batch in log.records(.init(follow: true)) { seen.lines.withLock { $0 += text(batch) } }
        }
        // Each step waits for the reader to have seen the previous one (bounded), so a loaded
        // machine only makes it slower.
        func waitUntilSeen(_ count: Int) async throws {
            for _ in 0..<200 where seen.lines.withLock({ $0.count }) < count { try await Task.sleep(for: .milliseconds(100)) }
        }
        try await waitUntilSeen(1)
        let handle = try #require(FileHandle(forWritingAtPath: path.string))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-11-27T08:00:01.000000000Z stderr F sec".utf8))
        try await Task.sleep(for: .milliseconds(500))
        #expect(seen.lines.withLock { $0 } == ["stdout F first"], "a torn record is not handed over")
        try handle.write(contentsOf: Data("ond\n".utf8))
        try handle.close()
        try await waitUntilSeen(2)
        try FileManager.default.removeItem(atPath: path.string)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            reader.cancel()
        }
        await reader.value
        #expect(!reader.isCancelled, "the reader ended by itself once the log was deleted")
        watchdog.cancel()
        #expect(seen.lines.withLock { $0 } == ["stdout F first", "stderr F second"])
    }
}

extension ContainerLogTests {
    @Test("a rotated log holds at most files × size and keeps the newest lines, read in order")
    func rotation() async throws {
        let scratch = try ScratchDirectory()
        let (status, log) = try runShim(numberedLines(300), in: scratch, limits: ["--max-size", "2000", "--max-files", "3"])
        #expect(status == 0)
        let files = ["", ".1", ".2"].map { log.path.string + $0 }
        let sizes = try files.map { try #require(FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }
        #expect(sizes.allSatisfy { $0 > 0 && $0 <= 2000 }, "\(sizes)")
        #expect(!FileManager.default.fileExists(atPath: log.path.string + ".3"))
        let numbers = text(await all(log)).compactMap { Int($0.split(separator: "-").last ?? "") }
        #expect(numbers.last == 299 && numbers == Array((numbers.first ?? 0)...299), "the newest lines, none missing: \(numbers)")
        #expect(numbers.count > 60 && numbers.count < 300, "\(numbers.count) lines kept")
        #expect(text(await all(log, .init(tail: 2))) == ["stdout F line-298", "stdout F line-299"])
    }

    @Test("a log of one file is emptied when full instead")
    func rotationInPlace() async throws {
        let scratch = try ScratchDirectory()
        let (status, log) = try runShim(numberedLines(300), in: scratch, limits: ["--max-size", "2000", "--max-files", "1"])
        #expect(status == 0)
        let size = try #require(FileManager.default.attributesOfItem(atPath: log.path.string)[.size] as? Int)
        #expect(size <= 2000 && !FileManager.default.fileExists(atPath: log.path.string + ".1"))
        #expect(text(await all(log)).last == "stdout F line-299")
    }

    @Test("a follower started mid-way reads what was rotated, then on through rotations, each line once")
    func followAcrossRotations() async throws {
        let scratch = try ScratchDirectory()
        let path = scratch.appending("container.log")
        // About 48 bytes a record: a rotation every 20 lines, 10 files kept (all 150 lines).
        let (shim, script) = (shim, numberedLines(150, pause: "0.01"))
        let writer = Task.detached {
            try ChildProcess.run(shim, ["--max-size", "1000", "--max-files", "10", path.string, "/bin/sh", "-c", script], timeout: .seconds(60))
        }
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: path.string + ".2") { try await Task.sleep(for: .milliseconds(20)) }
        let seen = SeenLines()
        let reader = Task {
            for await batch in ContainerLogFile(path: path).records(.init(follow: true)) { seen.lines.withLock { $0 += text(batch) } }
        }
        #expect(try await writer.value.exitStatus == 0)
        for _ in 0..<200 where seen.lines.withLock({ $0.count }) < 150 { try await Task.sleep(for: .milliseconds(100)) }
        for suffix in [""] + (1...9).map({ ".\($0)" }) { try? FileManager.default.removeItem(atPath: path.string + suffix) }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            reader.cancel()
        }
        await reader.value
        watchdog.cancel()
        #expect(seen.lines.withLock { $0 } == (0..<150).map { "stdout F line-\($0)" })
    }
}

/// What a following reader has seen so far, shared with the test that feeds it.
private final class SeenLines: Sendable {
    let lines = Mutex<[String]>([])
}
