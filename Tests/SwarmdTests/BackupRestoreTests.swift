import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// Disaster recovery with the real tools: a hot backup of a three-manager swarm taken while
/// clients write, every manager destroyed, the backup restored as a one-manager swarm at a new
/// address; cold backups and restores of an autolocked swarm, with and without the key, and with
/// new keys.
@Suite(.serialized) struct BackupRestoreTests {
    func waitForLeader(_ node: SwarmdProcess) throws {
        try waitUntil(timeout: .seconds(30), "node \(node.index) leads") {
            (try? node.dockerOutput(["node", "ls", "--filter", "role=manager", "--format", "{{.ManagerStatus}}"])) == "Leader"
        }
    }

    func names(_ node: SwarmdProcess, _ kind: String) throws -> Set<String> {
        Set(try node.dockerOutput([kind, "ls", "--format", "{{.Name}}"]).split(separator: "\n").map(String.init))
    }

    /// Managers on 127.0.0.40–42; the restored manager on .43 and a new worker on .44.
    @Test func hotBackupUnderWritesRestoresEveryAcknowledgedObjectAtANewAddress() throws {
        let scratch = try ScratchDirectory()
        let managers = try (30...32).map { try SwarmdProcess(index: $0, directory: scratch) }
        for node in managers { try node.start() }
        let first = managers[0]
        _ = try first.dockerOutput(["swarm", "init", "--advertise-addr", first.host])
        let managerToken = try first.dockerOutput(["swarm", "join-token", "-q", "manager"])
        let workerToken = try first.dockerOutput(["swarm", "join-token", "-q", "worker"])
        for manager in managers.dropFirst() {
            _ = try manager.dockerOutput(["swarm", "join", "--token", managerToken, first.listenAddress])
        }
        _ = try first.dockerOutput(["secret", "create", "database_password", "/etc/hostname"])

        // Two clients write continuously, through two different managers; the backup is taken
        // through the third, a follower, while they do.
        let writers = [ContinuousWriter(through: managers[0], prefix: "a"), ContinuousWriter(through: managers[1], prefix: "b")]
        for writer in writers { writer.start() }
        try waitUntil(timeout: .seconds(30), "both clients have written") { writers.allSatisfy { $0.acknowledgedCount >= 3 } }
        let archive = scratch.appending("hot.tar.zst")
        let backupStarted = ContinuousClock.now
        let output = try BackupTools.backupOutput(["--host", managers[2].dockerHost, "--file", archive.string])
        Thread.sleep(forTimeInterval: 0.5)
        for writer in writers { writer.stop() }
        #expect(output.contains("wrote \(archive.string)"), "\(output)")
        let acknowledged = Set(writers.flatMap { $0.acknowledged(before: backupStarted) })
        let attempted = writers.reduce(Set<String>()) { $0.union($1.attemptedNames) }
        #expect(writers.allSatisfy { $0.acknowledgedCount > $0.acknowledged(before: backupStarted).count }, "the clients kept writing during the backup")

        // Every manager is destroyed.
        for manager in managers { manager.kill() }

        let restored = try SwarmdProcess(index: 33, directory: scratch)
        let restoreOutput = try BackupTools.restoreOutput([
            archive.string, "--data-dir", restored.dataDirectory.string, "--force-new-cluster", "--advertise-addr", restored.host,
        ])
        #expect(restoreOutput.contains("restored cluster"), "\(restoreOutput)")
        try restored.start()
        try waitForLeader(restored)

        // Every config acknowledged before the backup began is served; none that no client wrote.
        let configs = try names(restored, "config")
        #expect(acknowledged.isSubset(of: configs), "missing after the restore: \(acknowledged.subtracting(configs).sorted())")
        #expect(configs.isSubset(of: attempted), "configs no client wrote: \(configs.subtracting(attempted).sorted())")
        #expect(try names(restored, "secret") == ["database_password"])
        // New writes are accepted.
        _ = try restored.dockerOutput(["config", "create", "after_restore", "/etc/hostname"])

        // The join command names the new address (Swarm's names the old one), and a worker
        // joins with the worker token the swarm kept: the CA key opened with the restored
        // cluster secrets key.
        #expect(try restored.dockerOutput(["swarm", "join-token", "-q", "worker"]) == workerToken)
        #expect(try restored.dockerOutput(["swarm", "join-token", "worker"]).contains(restored.listenAddress))
        let worker = try SwarmdProcess(index: 34, directory: scratch)
        try worker.start()
        #expect(try worker.dockerOutput(["swarm", "join", "--token", workerToken, restored.listenAddress]) == "This node joined a swarm as a worker.")

        // node ls: the restored manager leads and is ready at its new address; the destroyed
        // managers are down workers; the new worker is ready.
        try waitUntil(timeout: .seconds(30), "the node list settles") {
            let lines = (try? restored.dockerOutput(["node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}"])) ?? ""
            return lines.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.sorted()
                == ["node30 Down", "node31 Down", "node32 Ready Leader", "node34 Ready"]
        }
        let address = try restored.dockerOutput(["node", "inspect", "self", "--format", "{{.ManagerStatus.Addr}}"])
        #expect(address == restored.listenAddress)
        worker.stop()
        restored.stop()
    }

    /// An autolocked single manager on 127.0.0.45, restored on .46 (its key) and .47 (new keys).
    @Test func coldBackupOfALockedSwarmNeedsItsKeyAndRotationRetiresIt() throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 35, directory: scratch)
        try node.start()
        _ = try node.dockerOutput(["swarm", "init", "--autolock", "--advertise-addr", node.host])
        _ = try node.dockerOutput(["secret", "create", "kept_secret", "/etc/hostname"])
        let key = try node.dockerOutput(["swarm", "unlock-key", "-q"])
        let keyFile = scratch.appending("unlock-key")
        try BackupTools.writeKeyFile(key, to: keyFile)
        let archive = scratch.appending("cold.tar.zst")

        // A cold backup refuses a directory swarmd holds.
        let held = try BackupTools.backup(["--cold", "--data-dir", node.dataDirectory.string, "--file", archive.string])
        #expect(held.exitStatus == 1 && held.standardError.contains("in use by another process"), "\(held.standardError)")
        #expect(!FileManager.default.fileExists(atPath: archive.string))
        node.stop()

        // Stopped and locked: without the key the backup says so; with it, it is taken.
        let locked = try BackupTools.backup(["--cold", "--data-dir", node.dataDirectory.string, "--file", archive.string])
        #expect(locked.exitStatus == 1 && locked.standardError.contains("needs to be unlocked"), "\(locked.standardError)")
        _ = try BackupTools.backupOutput(["--cold", "--data-dir", node.dataDirectory.string, "--unlock-key-file", keyFile.string, "--file", archive.string])
        let inspected = try BackupTools.backupOutput(["inspect", archive.string])
        #expect(inspected.contains("autolocked:     yes") && inspected.contains("1 secrets") && inspected.contains("cold backup"), "\(inspected)")
        #expect(!inspected.contains(key))

        // Restore without the key: refused, nothing written.
        let keyless = try SwarmdProcess(index: 36, directory: scratch)
        let refused = try BackupTools.restore([archive.string, "--data-dir", keyless.dataDirectory.string, "--advertise-addr", keyless.host])
        #expect(refused.exitStatus == 1 && refused.standardError.contains("--unlock-key-file"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: keyless.dataDirectory.string))

        // With the key: the restored manager starts locked and opens with that key.
        _ = try BackupTools.restoreOutput([
            archive.string, "--data-dir", keyless.dataDirectory.string, "--advertise-addr", keyless.host, "--unlock-key-file", keyFile.string,
        ])
        try keyless.start()
        #expect(try keyless.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "locked")
        try waitUntil(timeout: .seconds(30), "the backup's key unlocks") { try keyless.docker(["swarm", "unlock"], input: key).exitStatus == 0 }
        try waitForLeader(keyless)
        #expect(try names(keyless, "secret") == ["kept_secret"])
        keyless.stop()

        // --rotate-keys: a new unlock key; the old one no longer opens the restored manager.
        let rotated = try SwarmdProcess(index: 37, directory: scratch)
        let output = try BackupTools.restoreOutput([
            archive.string, "--data-dir", rotated.dataDirectory.string, "--advertise-addr", rotated.host, "--unlock-key-file", keyFile.string,
            "--rotate-keys",
        ])
        guard let newKey = output.split(separator: "\n").first(where: { $0.hasPrefix("SWMKEY-1-") }).map(String.init) else {
            throw TestFailure("swarm-restore --rotate-keys printed no new unlock key: \(output)")
        }
        #expect(newKey != key)
        try rotated.start()
        let old = try rotated.docker(["swarm", "unlock"], input: key)
        #expect(old.exitStatus != 0 && old.standardError.contains("invalid key supplied"), "\(old.standardError)")
        try waitUntil(timeout: .seconds(30), "the new key unlocks") { try rotated.docker(["swarm", "unlock"], input: newKey).exitStatus == 0 }
        try waitForLeader(rotated)
        #expect(try names(rotated, "secret") == ["kept_secret"])
        #expect(try rotated.dockerOutput(["swarm", "unlock-key", "-q"]) == newKey)
        rotated.stop()

        // No unlock key reached a restored directory or a log.
        for directory in [keyless.dataDirectory, rotated.dataDirectory] {
            let scan = RawByteScan(directory)
            for secret in [key, newKey] { #expect(scan.files(holding: secret).isEmpty, "\(scan.files(holding: secret))") }
        }
        for process in [keyless, rotated] { #expect(!process.log.contains(key) && !process.log.contains(newKey)) }
    }
}
