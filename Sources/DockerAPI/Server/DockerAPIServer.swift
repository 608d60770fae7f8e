public import Hummingbird
import SwarmState

/// The Docker Engine API over a unix socket: what the docker CLI and docker-py talk to.
public enum DockerAPIServer {
    /// The responder for every route this server answers.
    public static func responder(backend: any DockerBackend) -> DockerAPIResponder<some HTTPResponder<BasicRequestContext>> {
        let router = Router()
        router.add(middleware: DockerErrorMiddleware())
        SystemRoutes(backend: backend).add(to: router)
        SwarmRoutes(backend: backend).add(to: router)
        NodeRoutes(backend: backend).add(to: router)
        ServiceRoutes(backend: backend).add(to: router)
        TaskRoutes(backend: backend).add(to: router)
        LogRoutes(backend: backend).add(to: router)
        DistributionRoutes(backend: backend).add(to: router)
        DataObjectRoutes<Secret>(backend: backend, collection: "secrets", render: DataObjectJSON.init).add(to: router)
        DataObjectRoutes<Config>(backend: backend, collection: "configs", render: DataObjectJSON.init).add(to: router)
        return DockerAPIResponder(inner: router.buildResponder())
    }
}
