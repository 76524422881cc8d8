package dev.tokenwatch.samples.population;

import java.util.List;

/** User agents: the engine's without its "UpstreamClient(...)" suffix, kept short as the samples do. */
final class Clients {
    private Clients() {
    }

    static final String DOCKER_DESKTOP = "Docker-Desktop/4.36.0";
    static final List<String> DESKTOP = List.of(
            "docker/27.3.1 go/go1.22.7 kernel/6.10.11-linuxkit os/linux arch/arm64",
            "docker/27.3.1 go/go1.22.7 kernel/6.10.11-linuxkit os/linux arch/arm64",
            "docker/27.3.1 go/go1.22.7 kernel/5.15.153.1-microsoft-standard-WSL2 os/linux arch/amd64",
            "docker/27.3.1 go/go1.22.7 kernel/6.8.0-48-generic os/linux arch/amd64",
            "containers/5.2.2 (github.com/containers/image)");
    static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15");
    static final String BUILDKIT = "buildkit/v0.17.2";
    static final String CONTAINERD = "containerd/v1.7.22";
    static final String TRIVY = "trivy/0.57.1";
    static final String SKOPEO = "skopeo/1.9.3";
    static final String GO_HTTP = "Go-http-client/1.1";
    static final String ATTACKER_DOCKER = "docker/24.0.7 go/go1.20.10 kernel/5.15.0-91-generic os/linux arch/amd64";
    static final String ATTACKER_SCRIPT = "python-requests/2.31.0";
    static final String CRANE = "go-containerregistry/v0.20.2";
}
