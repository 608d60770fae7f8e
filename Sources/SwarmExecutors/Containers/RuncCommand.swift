import Foundation

/// One call of Debian's `runc` with swarmd's own state directory, so swarmd's containers never
/// mix with another runtime's.
struct RuncCommand: Sendable {
    static let executable = "/usr/sbin/runc"

    /// runc's state directory (`--root`).
    let stateDirectory: String

    /// Runs `runc --root STATE arguments…` to its end (at most `timeout`) and returns its exit
    /// status and output.
    func run(_ arguments: [String], timeout: Duration = .seconds(30)) async throws(ExecutorError) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["--root", stateDirectory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .runtime(action: arguments.first ?? "", detail: "\(Self.executable) could not be started: \(error) (run tools/install-deps.sh)")
        }
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            process.terminate()
            throw .runtime(action: arguments.first ?? "", detail: "no answer within \(timeout)")
        }
        let text = String(decoding: await reader.value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (process.terminationStatus, text)
    }

    /// What runc says of container `id`.
    func state(of id: String) async throws(ExecutorError) -> ContainerState {
        let (status, output) = try await run(["state", id])
        guard status == 0 else { return .absent }
        struct State: Decodable { let status: String; let pid: Int32 }
        guard let state = try? JSONDecoder().decode(State.self, from: Data(output.utf8)) else {
            throw .runtime(action: "state", detail: "unreadable answer: \(output.prefix(200))")
        }
        return state.status == "running" ? .running(pid: state.pid) : .stopped
    }
}
