import Foundation
import SwarmBackup
import SwarmNode
import SwarmTesting
import SystemPackage
import Testing

/// What cron relies on: `--keep` deletes old archives only after a new one verified, and a
/// damaged archive, at whatever byte, is caught by verify and restore before anything is written.
@Suite(.serialized) struct BackupArchiveDamageTests {
    /// A manager on 127.0.0.54.
    @Test func keepRetainsTheNewestAndEveryFlippedByteIsCaughtBeforeAnyWrite() async throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 44, directory: scratch)
        try node.start()
        _ = try node.dockerOutput(["swarm", "init", "--advertise-addr", node.host])
        _ = try node.dockerOutput(["secret", "create", "kept_secret", "/etc/hostname"])

        // Five runs with --keep 3 leave the three newest.
        let backups = try scratch.makeDirectory("backups")
        var written: [String] = []
        for _ in 0..<5 {
            let output = try BackupTools.backupOutput(["--host", node.dockerHost, "--output", backups.string, "--keep", "3"])
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("wrote ") }),
                let path = line.dropFirst("wrote ".count).split(separator: ":").first
            else { throw TestFailure("swarm-backup did not say what it wrote: \(output)") }
            written.append(String(path))
        }
        let listing = { try FileManager.default.contentsOfDirectory(atPath: backups.string).sorted().map { backups.appending($0).string } }
        #expect(try listing() == Array(written.suffix(3)))

        // A failed run (swarmd stopped) deletes nothing and leaves nothing.
        node.stop()
        let failed = try BackupTools.backup(["--host", node.dockerHost, "--output", backups.string, "--keep", "1"])
        #expect(failed.exitStatus == 1 && failed.standardError.contains("cannot reach swarmd"), "\(failed.standardError)")
        #expect(try listing() == Array(written.suffix(3)))

        // Every byte of the newest archive flipped in turn: verify names the damage (exit 2 in the CLI).
        let original = try Data(contentsOf: URL(fileURLWithPath: written[4]))
        let damaged = scratch.appending("damaged.tar.zst")
        var undetected: [Int] = []
        for position in 0..<original.count {
            var bytes = original
            bytes[position] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: damaged.string))
            do {
                try BackupArchive.verify(damaged)
                undetected.append(position)
            } catch {
                #expect(error.exitStatus == 2 && "\(error)".contains(damaged.string), "flip at \(position): \(error)")
            }
        }
        #expect(undetected.isEmpty, "flips verify did not catch, at bytes \(undetected.prefix(20)) of \(original.count)")

        // Restores of damaged copies (a sample of positions) fail the same way and write nothing.
        let target = scratch.appending("restore-target")
        for position in stride(from: 0, to: original.count, by: max(1, original.count / 60)) {
            var bytes = original
            bytes[position] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: damaged.string))
            let options = BackupRestore.Options(
                dataDirectory: target, addresses: ManagerRestoration.Addresses(listen: nil, advertise: "127.0.0.55"), unlockKey: nil,
                rotateKeys: false, force: false
            )
            do {
                _ = try await BackupRestore.run(damaged, options: options)
                Issue.record("a restore of the archive damaged at byte \(position) succeeded")
            } catch {
                #expect(error.exitStatus == 2, "flip at \(position): \(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: target.string), "a failed restore wrote \(target)")
        }
        // The intact archive verifies through the CLI.
        #expect(try BackupTools.backupOutput(["verify", written[4]]).contains("OK"))
        let cliDamaged = try BackupTools.backup(["verify", damaged.string])
        #expect(cliDamaged.exitStatus == 2, "\(cliDamaged.standardError)")
    }

    /// A manager on 127.0.0.56; archives encrypted to a recipient key and under a passphrase.
    @Test func encryptedArchivesOpenOnlyWithTheirKeyAndHideEverything() async throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 46, directory: scratch)
        try node.start()
        _ = try node.dockerOutput(["swarm", "init", "--advertise-addr", node.host])
        _ = try node.dockerOutput(["secret", "create", "kept_secret", "/etc/hostname"])

        // A recipient key from keygen; the identity is written 0600 and never overwritten.
        let identity = scratch.appending("backup-identity")
        let recipient = try BackupTools.backupOutput(["keygen", "--identity-file", identity.string]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(recipient.hasPrefix("SWMBAK-PUB-1-"))
        #expect(try FileManager.default.attributesOfItem(atPath: identity.string)[.posixPermissions] as? Int == 0o600)
        #expect(try BackupTools.backup(["keygen", "--identity-file", identity.string]).exitStatus == 1)

        let toKey = scratch.appending("to-key.tar.zst.enc")
        _ = try BackupTools.backupOutput(["--host", node.dockerHost, "--file", toKey.string, "--encrypt-to", recipient])
        let passphraseFile = scratch.appending("passphrase")
        try BackupTools.writeKeyFile("correct horse battery staple", to: passphraseFile)
        let underPassphrase = scratch.appending("passphrase.tar.zst.enc")
        _ = try BackupTools.backupOutput(["--host", node.dockerHost, "--file", underPassphrase.string, "--passphrase-file", passphraseFile.string])
        node.stop()

        // Nothing readable is in them: no file name, no manifest, no tar header.
        for archive in [toKey, underPassphrase] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: archive.string))
            for visible in ["manifest.json", "state.json", "raft/keys", "SWMSNAP", node.host] {
                #expect(bytes.range(of: Data(visible.utf8)) == nil, "\(archive) shows \(visible)")
            }
        }

        // Without a key: refused, saying it is encrypted (exit 1); with the wrong kind or key: refused.
        let keyless = try BackupTools.backup(["verify", toKey.string])
        #expect(keyless.exitStatus == 1 && keyless.standardError.contains("is encrypted to a recipient's public key"), "\(keyless.standardError)")
        let otherIdentity = scratch.appending("other-identity")
        _ = try BackupTools.backupOutput(["keygen", "--identity-file", otherIdentity.string])
        let wrong = try BackupTools.backup(["verify", toKey.string, "--identity-file", otherIdentity.string])
        #expect(wrong.exitStatus == 1 && wrong.standardError.contains("does not open"), "\(wrong.standardError)")
        let wrongKind = try BackupTools.backup(["verify", underPassphrase.string, "--identity-file", identity.string])
        #expect(wrongKind.exitStatus == 1, "\(wrongKind.standardError)")

        // With the right key: verified and inspected.
        #expect(try BackupTools.backupOutput(["verify", toKey.string, "--identity-file", identity.string]).contains("OK"))
        let inspected = try BackupTools.backupOutput(["inspect", underPassphrase.string, "--passphrase-file", passphraseFile.string])
        #expect(inspected.contains("1 secrets"), "\(inspected)")

        // A sample of flipped bytes in the encrypted archive: each is caught as damage (exit 2).
        let original = try Data(contentsOf: URL(fileURLWithPath: toKey.string))
        let damaged = scratch.appending("damaged.enc")
        let decryption = try BackupKeyText.decryption(identityFile: identity.string, passphraseFile: nil)
        for position in stride(from: 0, to: original.count, by: max(1, original.count / 200)) {
            var bytes = original
            bytes[position] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: damaged.string))
            do {
                try BackupArchive.verify(damaged, decryption: decryption)
                Issue.record("a flip at byte \(position) of the encrypted archive was not caught")
            } catch {
                #expect("\(error)".contains(damaged.string), "flip at \(position): \(error)")
            }
        }

        // The recipient-encrypted archive restores with its identity.
        let restored = try SwarmdProcess(index: 47, directory: scratch)
        _ = try BackupTools.restoreOutput([
            toKey.string, "--identity-file", identity.string, "--data-dir", restored.dataDirectory.string, "--advertise-addr", restored.host,
        ])
        try restored.start()
        try waitUntil(timeout: .seconds(30), "the restored manager leads") {
            (try? restored.dockerOutput(["node", "ls", "--filter", "role=manager", "--format", "{{.ManagerStatus}}"])) == "Leader"
        }
        #expect(try restored.dockerOutput(["secret", "ls", "--format", "{{.Name}}"]) == "kept_secret")
        restored.stop()
    }
}
