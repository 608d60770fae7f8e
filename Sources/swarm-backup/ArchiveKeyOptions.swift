import ArgumentParser
import SwarmArchive
import SwarmBackup

/// The options that open an encrypted archive, shared by `verify` and `inspect`.
struct ArchiveKeyOptions: ParsableArguments {
    @Option(help: "For an archive encrypted to a recipient key: the file holding its identity (SWMBAK-KEY-1-…).")
    var identityFile: String?

    @Option(help: "For an archive encrypted under a passphrase: the file whose first line is it.")
    var passphraseFile: String?

    /// What opens the archive, if an option names it.
    func decryption() throws(BackupError) -> ArchiveDecryption? {
        try BackupKeyText.decryption(identityFile: identityFile, passphraseFile: passphraseFile)
    }
}
