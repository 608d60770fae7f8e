import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// Autolock through the docker CLI: the unlock key wraps the data keys, a restarted manager stays
/// locked until unlocked, wrong keys are refused and slowed down, key rotation retires the old key
/// on every manager, and a key file unlocks at start.
@Suite(.serialized) struct AutolockTests {
    static let lockedMessage = "Swarm is encrypted and needs to be unlocked before it can be used"

    func unlockKey(_ node: SwarmdProcess) throws -> String {
        try node.dockerOutput(["swarm", "unlock-key", "-q"])
    }

    func waitForLeader(_ node: SwarmdProcess) throws {
        try waitUntil(timeout: .seconds(20), "node \(node.index) leads") {
            (try? node.dockerOutput(["node", "ls", "--format", "{{.ManagerStatus}}"])) == "Leader"
        }
    }

    @Test func lockedAfterRestartUntilTheRightKeyAndRotationRetiresTheOldKey() throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 4, directory: scratch)
        try node.start()
        _ = try node.dockerOutput(["swarm", "init", "--advertise-addr", node.host])
        _ = try node.dockerOutput(["secret", "create", "before_lock", "/etc/hostname"])
        #expect(try node.docker(["swarm", "unlock-key"]).standardError.contains("no unlock key is set"))

        let enabled = try node.dockerOutput(["swarm", "update", "--autolock=true"])
        let firstKey = try unlockKey(node)
        #expect(firstKey.hasPrefix("SWMKEY-1-"))
        #expect(enabled.contains(firstKey))
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers}}"]) == "true")
        // `swarm update` answers once this manager's data keys are wrapped: a restart right
        // after comes up locked.
        #expect(node.log.contains("data keys are now wrapped"))

        // Restart: locked, only ping/version/info/unlock served.
        try restartLocked(node)
        for command in [["node", "ls"], ["secret", "ls"], ["secret", "create", "while_locked", "/etc/hostname"], ["swarm", "unlock-key"]] {
            let refused = try node.docker(command)
            #expect(refused.exitStatus != 0 && refused.standardError.contains(Self.lockedMessage), "docker \(command): \(refused.standardError)")
        }

        // A malformed key is refused as such; a wrong key is refused, and the next attempt,
        // even with the right key, must wait.
        let malformed = try node.docker(["swarm", "unlock"], input: "SWMTKN-1-not-an-unlock-key")
        #expect(malformed.exitStatus != 0 && malformed.standardError.contains("invalid unlock key"), "\(malformed.standardError)")
        let refused = try node.docker(["swarm", "unlock"], input: ChangedKey(of: firstKey).text)
        #expect(refused.exitStatus != 0 && refused.standardError.contains("invalid key supplied"), "\(refused.standardError)")
        let limited = try node.docker(["swarm", "unlock"], input: firstKey)
        #expect(limited.exitStatus != 0 && limited.standardError.contains("too many wrong unlock keys"), "\(limited.standardError)")
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "locked")

        // The right key unlocks once the wait is over; the state is intact.
        try waitUntil(timeout: .seconds(30), "the right key unlocks") { try node.docker(["swarm", "unlock"], input: firstKey).exitStatus == 0 }
        try waitForLeader(node)
        #expect(try node.dockerOutput(["secret", "ls", "--format", "{{.Name}}"]) == "before_lock")

        // Rotation: after a restart the old key is refused and the new one works.
        let wrapsBefore = node.log.components(separatedBy: "data keys are now wrapped").count
        _ = try node.dockerOutput(["swarm", "unlock-key", "--rotate"])
        let secondKey = try unlockKey(node)
        #expect(secondKey != firstKey)
        #expect(node.log.components(separatedBy: "data keys are now wrapped").count > wrapsBefore)
        try restartLocked(node)
        let old = try node.docker(["swarm", "unlock"], input: firstKey)
        #expect(old.exitStatus != 0 && old.standardError.contains("invalid key supplied"), "\(old.standardError)")
        try waitUntil(timeout: .seconds(30), "the new key unlocks") { try node.docker(["swarm", "unlock"], input: secondKey).exitStatus == 0 }
        try waitForLeader(node)

        // A key file unlocks at start without a person.
        let keyFile = scratch.appending("unlock-key")
        try Data((secondKey + "\n").utf8).write(to: URL(fileURLWithPath: keyFile.string))
        node.stop()
        try node.start(extraArguments: ["--unlock-key-file", keyFile.string])
        try waitForLeader(node)
        #expect(try node.dockerOutput(["secret", "ls", "--format", "{{.Name}}"]) == "before_lock")

        // Autolock off: a plain restart comes up unlocked.
        _ = try node.dockerOutput(["swarm", "update", "--autolock=false"])
        try waitUntil(timeout: .seconds(10), "the data keys are unwrapped") { node.log.contains("autolock is off") }
        node.stop()
        try FileManager.default.removeItem(atPath: keyFile.string)
        try node.start()
        try waitForLeader(node)
        node.stop()

        // Neither key ever reached the disk or the log.
        let scan = RawByteScan(node.dataDirectory)
        for key in [firstKey, secondKey] {
            #expect(!node.log.contains(key))
            #expect(scan.files(holding: key).isEmpty, "these files hold an unlock key: \(scan.files(holding: key))")
        }
    }

    /// Three managers (127.0.0.29–31): each wraps its own data keys under the swarm's unlock key,
    /// a rotation reaches every one, and after a restart of all three only the new key unlocks.
    @Test func rotationRewrapsEveryManager() throws {
        let scratch = try ScratchDirectory()
        let managers = try (19...21).map { try SwarmdProcess(index: $0, directory: scratch) }
        for node in managers { try node.start() }
        let first = managers[0]
        _ = try first.dockerOutput(["swarm", "init", "--advertise-addr", first.host, "--autolock"])
        let firstKey = try unlockKey(first)
        let token = try first.dockerOutput(["swarm", "join-token", "-q", "manager"])
        for node in managers.dropFirst() { _ = try node.dockerOutput(["swarm", "join", "--token", token, first.listenAddress]) }
        func wraps(_ node: SwarmdProcess) -> Int { node.log.components(separatedBy: "data keys are now wrapped").count - 1 }
        for node in managers {
            try waitUntil(timeout: .seconds(20), "node \(node.index) wraps its data keys under the unlock key") { wraps(node) >= 1 }
        }

        let before = managers.map(wraps)
        _ = try managers[1].dockerOutput(["swarm", "unlock-key", "--rotate"])
        let secondKey = try unlockKey(managers[1])
        #expect(secondKey != firstKey)
        for node in [first, managers[2]] {
            try waitUntil(timeout: .seconds(10), "node \(node.index) shows the new key") { (try? unlockKey(node)) == secondKey }
        }
        for (node, count) in zip(managers, before) {
            try waitUntil(timeout: .seconds(20), "node \(node.index) rewraps under the new key") { wraps(node) > count }
        }

        for node in managers { node.stop() }
        for node in managers {
            try node.start()
            #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "locked")
        }
        let old = try first.docker(["swarm", "unlock"], input: firstKey)
        #expect(old.exitStatus != 0 && old.standardError.contains("invalid key supplied"), "\(old.standardError)")
        for node in managers {
            try waitUntil(timeout: .seconds(30), "the new key unlocks node \(node.index)") {
                try node.docker(["swarm", "unlock"], input: secondKey).exitStatus == 0
            }
        }
        try waitUntil(timeout: .seconds(20), "the unlocked managers elect a leader") {
            (try? managers[2].dockerOutput(["node", "ls", "--format", "{{.ManagerStatus}}"]))?.contains("Leader") == true
        }
        for node in managers {
            node.stop()
            let scan = RawByteScan(node.dataDirectory)
            for key in [firstKey, secondKey] {
                #expect(!node.log.contains(key))
                #expect(scan.files(holding: key).isEmpty, "these files hold an unlock key: \(scan.files(holding: key))")
            }
        }
    }

    /// Stops the node, starts it again and checks that it is locked.
    func restartLocked(_ node: SwarmdProcess) throws {
        node.stop()
        try node.start()
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "locked")
    }
}

/// A well-formed unlock key that differs from `key` in one character.
struct ChangedKey {
    let text: String

    init(of key: String) {
        var characters = Array(key)
        let index = characters.count - 5
        characters[index] = characters[index] == "A" ? "B" : "A"
        text = String(characters)
    }
}
