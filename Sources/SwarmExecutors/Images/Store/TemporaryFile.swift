import SystemPackage

/// A file being written under a unique name in the store's `tmp/`, until it is published under
/// its digest or discarded. Whatever a crash leaves there is removed when the store opens.
struct TemporaryFile: Sendable {
    let path: FilePath
    let descriptor: FileDescriptor
}
