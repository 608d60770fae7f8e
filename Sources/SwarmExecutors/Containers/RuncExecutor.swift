import Foundation
public import Logging
import SwarmSpawn
import Synchronization
public import SystemPackage

/// Runs task containers with runc: each in a bundle of its own (`DIR/ID/`: the root filesystem
/// made from the image's layers, `config.json`, and the container's log `container.log`), as
/// a child `runc run` under `swarm-container-shim`, which writes the container's output to the
/// log and exits with the container's status. A container outlives
/// swarmd (a killed swarmd leaves it running); the restarted agent finds it again with
/// `state(of:)` and follows it until it stops, without its exit code then. Containers are
/// prepared and started concurrently: the blocking parts (root filesystems) run on threads of
/// their own (`BlockingWork`). Each shim leads a session of its own, so a signal meant for
/// swarmd's terminal never reaches the containers.
public final class RuncExecutor: Sendable {
    private let directory: FilePath
    private let images: ImageStore
    private let runc: RuncCommand
    private let shim: FilePath
    private let logLimits: ContainerLogLimits
    private let logger: Logger
    /// The `runc run` processes this executor started, by container ID.
    private let processes = Mutex<[String: SpawnedProcess]>([:])

    /// Where `swarm-container-shim` is when nobody says: beside the running executable (swarmd
    /// in /usr/bin; the test runner in the build directory).
    public static var shimBesideExecutable: FilePath {
        FilePath(Bundle.main.executablePath ?? "/usr/bin/swarmd").removingLastComponent().appending("swarm-container-shim")
    }

    /// An executor keeping bundles under `directory` (created, 0700), pulling through `images`
    /// and running containers under `shim`, whose logs it rotates within `logLimits`.
    public init(
        directory: FilePath, images: ImageStore, shim: FilePath = shimBesideExecutable, logLimits: ContainerLogLimits = ContainerLogLimits(),
        logger: Logger = Logger(label: "swarmd.executor")
    ) throws(ExecutorError) {
        do {
            try FileManager.default.createDirectory(atPath: directory.appending("runc").string, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .bundle("creating \(directory) failed: \(error)")
        }
        self.directory = directory
        self.images = images
        self.runc = RuncCommand(stateDirectory: directory.appending("runc").string)
        self.shim = shim
        self.logLimits = logLimits
        self.logger = logger
    }

    /// The directory of container `id`'s bundle and log.
    public func bundle(of id: String) -> FilePath {
        directory.appending(id)
    }

    /// Container `id`'s output.
    public func log(of id: String) -> ContainerLogFile {
        ContainerLogFile(path: bundle(of: id).appending("container.log"))
    }

    /// Pulls the image and writes the container's bundle (again from scratch if one is left).
    public func prepare(_ run: ContainerRun) async throws(ExecutorError) {
        let image: Image
        do {
            image = try await images.pull(try ImageReference(parsing: run.image)).image
        } catch {
            throw .image(error)
        }
        let (bundle, images) = (bundle(of: run.id), images)
        try await BlockingWork.run { () throws(ExecutorError) in try Self.writeBundle(at: bundle, for: run, image: image, images: images) }
    }

    private static func writeBundle(at bundle: FilePath, for run: ContainerRun, image: Image, images: ImageStore) throws(ExecutorError) {
        let rootfs = bundle.appending("rootfs")
        try? FileManager.default.removeItem(atPath: bundle.string)
        do {
            try FileManager.default.createDirectory(atPath: bundle.string, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .bundle("creating \(bundle) failed: \(error)")
        }
        do {
            try images.makeRootFilesystem(for: image, at: rootfs)
        } catch {
            throw .image(error)
        }
        guard let user = ContainerUser.resolve(run.user ?? image.configuration.user, rootfs: rootfs.string) else {
            throw .unknownUser(run.user ?? image.configuration.user ?? "", image: run.image)
        }
        let arguments = OCIBundleConfig.arguments(run: run, image: image.configuration)
        guard !arguments.isEmpty else { throw .bundle("image \(run.image) has no command and the service gives none") }
        let config = OCIBundleConfig(run: run, image: image.configuration, user: user, arguments: arguments)
        guard FileManager.default.createFile(atPath: bundle.appending("config.json").string, contents: config.encoded()) else {
            throw .bundle("writing \(bundle)/config.json failed")
        }
    }

    /// Starts the prepared container; returns its process ID once runc has started it (runc
    /// writes the PID file then; reading it costs no runc call).
    public func start(_ id: String) async throws(ExecutorError) -> Int32 {
        let bundle = bundle(of: id)
        let pidFile = bundle.appending("container.pid")
        let (stateDirectory, shim, log) = (runc.stateDirectory, shim, log(of: id))
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess(
                shim,
                logLimits.shimArguments + [log.path.string, RuncCommand.executable, "--root", stateDirectory, "run", "--pid-file", pidFile.string, "--bundle", bundle.string, id],
                newSession: true
            )
        } catch {
            throw .runtime(action: "run", detail: "\(error)")
        }
        processes.withLock { $0[id] = process }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: pidFile.string, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            guard process.isRunning else { break }
            try? await Task.sleep(for: .milliseconds(2))
        }
        process.send(SIGTERM)
        let errors = log.lastLines(of: .stderr, count: 3)
        throw .runtime(action: "run", detail: errors.isEmpty ? "\(shim) ended without a word (is it installed?)" : errors.joined(separator: "; "))
    }

    /// Waits until the container stops and says how it ended (with no exit code if the wait
    /// is cancelled).
    public func wait(_ id: String) async -> ContainerExit {
        if let process = processes.withLock({ $0[id] }) {
            guard let termination = try? await process.exited() else { return ContainerExit(code: nil) }
            processes.withLock { _ = $0.removeValue(forKey: id) }
            return ContainerExit(code: termination.shellStatus)
        }
        while case .running = (try? await runc.state(of: id)) ?? .absent {
            try? await Task.sleep(for: .milliseconds(500))
        }
        return ContainerExit(code: nil)
    }

    /// Sends the stop signal, then SIGKILL if the container still runs after `grace`.
    public func stop(_ id: String, signal: String?, grace: Duration) async {
        _ = try? await runc.run(["kill", id, signal ?? "TERM"])
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            guard case .running = (try? await runc.state(of: id)) ?? .absent else { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        _ = try? await runc.run(["kill", id, "KILL"])
    }

    /// Deletes the root filesystem of a container that has ended (`runc run` has deleted the
    /// container itself): the copy of its image's layers is the bulk of a task's disk, and an
    /// ended task is kept in the history only for its status and its log.
    public func releaseRootFilesystem(of id: String) async {
        let rootfs = bundle(of: id).appending("rootfs")
        await BlockingWork.run { try? FileManager.default.removeItem(atPath: rootfs.string) }
    }

    /// Deletes the container and its bundle (its logs with it).
    public func remove(_ id: String) async {
        _ = try? await runc.run(["delete", "--force", id])
        processes.withLock { _ = $0.removeValue(forKey: id) }
        let bundle = bundle(of: id)
        await BlockingWork.run { try? FileManager.default.removeItem(atPath: bundle.string) }
    }

    /// What runc says of container `id` (for a restarted agent).
    public func state(of id: String) async -> ContainerState {
        (try? await runc.state(of: id)) ?? .absent
    }
}
