import ArgumentParser
import SwarmVersion

/// `swarm-backup`: hot and cold backups of a swarmd manager's state into a verified archive,
/// and checks of archives already taken. Exit codes (for cron and monitoring) are in
/// `BackupExitCode`.
@main
struct SwarmBackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm-backup",
        abstract: "Back up a swarmd manager's state into an archive, and check archives.",
        discussion: """
            A hot backup (the default) asks the running manager, through its API socket, for its \
            state at a committed point: nothing stops and writes pause only for an instant. A \
            cold backup (--cold) reads a stopped manager's data directory. Either way the \
            archive holds the state still sealed with the swarm's data key; an autolocked \
            swarm's archive needs the unlock key to be restored.

            Exit codes: 0 done; 1 the backup could not be taken (nothing was written, no old \
            archive was deleted); 2 the archive is damaged or not a swarmd backup (verify, \
            inspect); 64 the command line is wrong.
            """,
        version: SwarmVersion.line(for: "swarm-backup"),
        subcommands: [CreateCommand.self, VerifyCommand.self, InspectCommand.self, KeygenCommand.self],
        defaultSubcommand: CreateCommand.self
    )
}
