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
}
