import Foundation
import SwarmSpawn
import SystemPackage

/// One call of Debian's `runc` with swarmd's own state directory, so swarmd's containers never
/// mix with another runtime's.
struct RuncCommand: Sendable {
    static let executable = "/usr/sbin/runc"

    /// runc's state directory (`--root`).
    let stateDirectory: String

    /// Runs `runc --root STATE arguments…` to its end (at most `timeout`) and returns its exit
    /// status and output.
    func run(_ arguments: [String], timeout: Duration = .seconds(30)) async throws(ExecutorError) -> (status: Int32, output: String) {
        let action = arguments.first ?? ""
        let run: CapturedRun
        do {
            run = try await CapturedRun(FilePath(Self.executable), ["--root", stateDirectory] + arguments, timeout: timeout)
        } catch {
            throw .runtime(action: action, detail: "\(error) (run tools/install-deps.sh)")
        }
        guard let termination = run.termination else { throw .runtime(action: action, detail: "no answer within \(timeout)") }
        return (termination.shellStatus, String(decoding: run.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
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
