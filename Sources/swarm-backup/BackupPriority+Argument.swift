public import ArgumentParser
import DockerAPI

/// `--priority background|normal`.
extension BackupPriority: ExpressibleByArgument {}
