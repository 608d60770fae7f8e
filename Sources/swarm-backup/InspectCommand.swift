import ArgumentParser
import Foundation
import SwarmBackup
import SwarmNode
import SystemPackage

/// `swarm-backup inspect FILE`: verifies an archive and shows its manifest (no secret values).
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Verify an archive and show what it holds: cluster, Raft index, objects, sizes.",
        discussion: "Exit codes as for verify."
    )

    @Argument(help: "The archive.")
    var archive: String

    @OptionGroup var keys: ArchiveKeyOptions

    @Flag(help: "Print the manifest as JSON.")
    var json = false

    func run() throws {
        do {
            let manifest = try BackupArchive.verify(FilePath(archive), decryption: try keys.decryption())
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(manifest), as: UTF8.self))
            } else {
                print(BackupSummary(manifest).lines.joined(separator: "\n"))
            }
        } catch let error as BackupError {
            throw BackupExitCode.report(error)
        }
    }
}
