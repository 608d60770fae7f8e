import Foundation
import SwarmSpawn
import SwarmTesting
import SystemPackage
import Testing

/// Real children through posix_spawn: how they end, what they inherit (only the three standard
/// streams, default signal actions, a session of their own when asked) and who reaps them.
@Suite struct SpawnedProcessTests {
    let scratch: ScratchDirectory

    init() throws {
        scratch = try ScratchDirectory(label: "swarmd-spawn")
    }

    /// Runs `/bin/sh -c script` to its end with its output in a file; returns how it ended and
    /// what it wrote.
    private func shell(_ script: String, environment: [String: String]? = nil, newSession: Bool = false) throws -> (Termination?, String) {
        let path = scratch.appending("output-\(UUID().uuidString.prefix(8))")
        let output = try LogDescriptor.truncating(path)
        defer { try? output.close() }
        let child = try SpawnedProcess(
            FilePath("/bin/sh"), ["-c", script], environment: environment, standardOutput: .descriptor(output), standardError: .descriptor(output),
            newSession: newSession
        )
        let termination = child.waitForExit(timeout: .seconds(30))
        return (termination, (try? String(contentsOfFile: path.string, encoding: .utf8)) ?? "")
    }

    @Test func reportsTheExitStatusAndTheOutput() throws {
        let (termination, output) = try shell("echo out; echo err >&2; exit 3")
        #expect(termination == .exited(3))
        #expect(output == "out\nerr\n")
    }

    @Test func reportsTheSignalThatKilledTheChild() throws {
        let (termination, _) = try shell("kill -9 $$")
        #expect(termination == .signaled(9))
        #expect(termination?.shellStatus == 137)
    }

    @Test func closesEveryInheritedDescriptorButTheStandardStreams() throws {
        // A descriptor without close-on-exec, as a library might leave one (a listening
        // socket left open in a long-lived child would keep its port bound).
        let file = open(scratch.appending("open").string, O_CREAT | O_RDWR, 0o600)
        #expect(file >= 0)
        #expect(dup2(file, 200) == 200)
        defer { close(200); close(file) }
        let (termination, output) = try shell("[ -e /proc/self/fd/200 ] && echo leaked; [ -e /proc/self/fd/\(file) ] && echo leaked-too; echo checked")
        #expect(termination == .exited(0))
        #expect(output == "checked\n")
    }

    /// Signals 1–31 (glibc keeps its own real-time signals 32 and 33 out of a spawn's reach).
    @Test func startsTheChildWithDefaultSignalActions() throws {
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        let (termination, output) = try shell("grep -E '^Sig(Ign|Blk):' /proc/self/status")
        #expect(termination == .exited(0))
        let masks = Dictionary(uniqueKeysWithValues: output.split(separator: "\n").map {
            let parts = $0.split(separator: "\t")
            return (String(parts[0]), UInt64(parts[1], radix: 16) ?? .max)
        })
        #expect(masks["SigBlk:"].map { $0 & 0x7fff_ffff } == 0, "\(output)")
        #expect(masks["SigIgn:"].map { $0 & 0x7fff_ffff } == 0, "\(output)")
    }

    @Test func leadsASessionOfItsOwnOnlyWhenAsked() throws {
        let script = "set -- $(cat /proc/$$/stat); [ \"$6\" = \"$$\" ] && echo leader || echo member"
        #expect(try shell(script, newSession: true).1 == "leader\n")
        #expect(try shell(script).1 == "member\n")
    }

    @Test func passesTheGivenEnvironmentOnly() throws {
        let (_, output) = try shell("env | sort", environment: ["ONE": "1", "TWO": "two words"])
        #expect(output.split(separator: "\n").filter { $0 != "PWD=\(FileManager.default.currentDirectoryPath)" } == ["ONE=1", "TWO=two words"])
    }

    @Test func namesAProgramThatCannotStart() {
        #expect {
            try SpawnedProcess(FilePath("/nonexistent/program"))
        } throws: { error in
            "\(error)" == "/nonexistent/program could not be started: No such file or directory"
        }
    }

    @Test func waitsNoLongerThanAskedAndThenTheChildCanBeKilled() throws {
        let child = try SpawnedProcess(FilePath("/bin/sleep"), ["30"])
        #expect(child.waitForExit(timeout: .milliseconds(200)) == nil)
        #expect(child.isRunning)
        child.send(SIGKILL)
        #expect(child.waitForExit(timeout: .seconds(30)) == .signaled(SIGKILL))
        #expect(!child.isRunning)
    }

    @Test func anAsyncWaitSeesTheExit() async throws {
        let child = try SpawnedProcess(FilePath("/bin/sh"), ["-c", "sleep 0.2; exit 7"])
        #expect(try await child.exited(checkingEvery: .milliseconds(10)) == .exited(7))
    }

    @Test func aReleasedChildIsReapedAtTheNextSpawn() throws {
        var released: SpawnedProcess? = try SpawnedProcess(FilePath("/bin/true"))
        let pid = released!.processIdentifier
        released = nil
        try waitUntilExited(pid)
        _ = try SpawnedProcess(FilePath("/bin/true")).waitForExit(timeout: .seconds(30))
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"), "process \(pid) was left a zombie")
    }

    @Test func capturesACommandsOutputAndStatus() async throws {
        let run = try await CapturedRun(FilePath("/bin/sh"), ["-c", "echo one; echo two >&2; echo three; exit 4"], timeout: .seconds(30))
        #expect(run.termination == .exited(4))
        #expect(String(decoding: run.output, as: UTF8.self) == "one\ntwo\nthree\n")
    }

    @Test func capturesMoreThanAPipeHolds() async throws {
        let run = try await CapturedRun(FilePath("/bin/sh"), ["-c", "head -c 1000000 /dev/zero"], timeout: .seconds(30))
        #expect(run.termination == .exited(0))
        #expect(run.output.count == 1_000_000)
    }

    /// Had the command not been killed at its deadline, it would have exited with status 0
    /// after 30 s.
    @Test func killsACommandThatOutlivesItsDeadline() async throws {
        let run = try await CapturedRun(FilePath("/bin/sh"), ["-c", "echo started; exec sleep 30"], timeout: .milliseconds(300))
        #expect(run.termination == nil)
        #expect(String(decoding: run.output, as: UTF8.self) == "started\n")
    }

    @Test func aCommandThatClosesItsOutputIsStillWaitedFor() async throws {
        let run = try await CapturedRun(FilePath("/bin/sh"), ["-c", "echo early; exec >&- 2>&-; sleep 0.3; exit 5"], timeout: .seconds(30))
        #expect(run.termination == .exited(5))
        #expect(String(decoding: run.output, as: UTF8.self) == "early\n")
    }

    /// Waits (at most 10 s) until `pid` has exited: the kernel shows it as a zombie, or it is
    /// gone already because a spawn of a test running beside this one reaped it.
    private func waitUntilExited(_ pid: Int32) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), !stat.contains(") Z ") else { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw SpawnTestFailure("process \(pid) did not exit within 10 s")
    }
}

/// A test step that failed, with what happened.
struct SpawnTestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
