import Foundation
import SwarmSpawn
import SwarmTesting
import SystemPackage
import Testing

/// A restore killed with SIGKILL at any point leaves a data directory that is either not yet a
/// node (state.json is written last; a rerun with --force completes it) or a whole one that
/// starts and serves every object.
@Suite(.serialized) struct RestoreCrashTests {
    /// The repository's root, where the benchmark's load script is.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A manager on 127.0.0.58; restores on .59.
    @Test func aRestoreKilledAnywhereLeavesNoHalfNode() throws {
        let scratch = try ScratchDirectory()
        let source = try SwarmdProcess(index: 48, directory: scratch)
        try source.start()
        _ = try source.dockerOutput(["swarm", "init", "--advertise-addr", source.host])
        // Enough state (2,000 configs of 4 KiB) that a restore takes long enough to be cut anywhere.
        let fill = try ChildProcess.run(
            FilePath("/usr/bin/python3"),
            [Self.repository.appendingPathComponent("tools/bench/backup-load.py").path, "fill", source.socketPath.string, "config", "2000", "16", "4096", "c"]
        )
        #expect(fill.standardOutput.contains("created 2000"), "\(fill.standardOutput)\(fill.standardError)")
        let archive = scratch.appending("state.tar.zst")
        _ = try BackupTools.backupOutput(["--host", source.dockerHost, "--file", archive.string])
        source.stop()

        let target = try SwarmdProcess(index: 49, directory: scratch)
        let arguments = [archive.string, "--data-dir", target.dataDirectory.string, "--advertise-addr", target.host]
        let started = ContinuousClock.now
        _ = try BackupTools.restoreOutput(arguments)
        let duration = ContinuousClock.now - started
        try FileManager.default.removeItem(atPath: target.dataDirectory.string)

        var outcomes: [String: Int] = [:]
        for round in 0..<12 {
            let restore = try SpawnedProcess(BuiltProducts.executable("swarm-restore"), arguments)
            Thread.sleep(forTimeInterval: (duration / .seconds(1)) * Double(round) / 11)
            #expect(restore.signalAndWait(SIGKILL), "round \(round): swarm-restore outlived SIGKILL by 30 s")

            let isNode = FileManager.default.fileExists(atPath: target.dataDirectory.appending("state.json").string)
            outcomes[isNode ? "whole" : "not a node", default: 0] += 1
            if !isNode {
                // Not a node yet: the operator reruns the restore, with --force over what is left.
                _ = try BackupTools.restoreOutput(arguments + ["--force"])
            }
            try target.start()
            try waitUntil(timeout: .seconds(30), "the restored manager leads (round \(round))") {
                (try? target.dockerOutput(["node", "ls", "--filter", "role=manager", "--format", "{{.ManagerStatus}}"])) == "Leader"
            }
            let configs = try target.dockerOutput(["config", "ls", "--format", "{{.Name}}"]).split(separator: "\n").count
            #expect(configs == 2000, "round \(round): \(configs) configs after the restore")
            target.stop()
            try FileManager.default.removeItem(atPath: target.dataDirectory.string)
        }
        print("restore killed at 12 points over \(duration): \(outcomes)")
    }
}
