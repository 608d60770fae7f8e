import SwarmExecutors
import SwarmTesting
import SystemPackage

/// An image store in a scratch directory (`images/` inside it), pulling through its own registry
/// client, which is shut down when the test body ends, whether it fails or not.
enum StoreFixture {
    static func withStore<Result>(
        mirror: String? = nil, _ body: (ImageStore, ScratchDirectory) async throws -> Result
    ) async throws -> Result {
        let scratch = try ScratchDirectory(label: "swarmd-images")
        let registry = RegistryClient(endpoints: try RegistryEndpoints(mirror: mirror))
        do {
            let store = try ImageStore(directory: scratch.appending("images"), registry: registry)
            let result = try await body(store, scratch)
            try await registry.shutdown()
            return result
        } catch {
            try? await registry.shutdown()
            throw error
        }
    }
}
