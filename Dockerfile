# hwoffload image: the operator (reconciler + pod webhook) and the node agent run the same CLI jar. It is built for
# linux/amd64 and linux/arm64, since a DPU's Arm side runs the agent too:
#   docker buildx build --platform linux/amd64,linux/arm64 -t registry.example.com/hwoffload:0.1.0 --push .
#   hwoffload install --image registry.example.com/hwoffload:0.1.0 | kubectl apply -f -
# Without Docker or a registry, dev/image-test builds the same image for both from Debian packages and runs it.

# The jar is the same on every platform (grpc-netty-shaded carries its epoll natives for x86_64 and aarch_64),
# so it is built once, natively, whatever the target.
FROM --platform=$BUILDPLATFORM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package -pl hwoffload-cli -am

FROM debian:bookworm-slim
# The agent changes the host through iproute2 (ip, devlink) and ethtool, and names PCI devices with pci.ids.
# No OVS tools: OVSDB and ovs-vswitchd are reached over their JSON-RPC sockets.
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless iproute2 ethtool pci.ids \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/hwoffload-cli/target/hwoffload.jar /opt/hwoffload/hwoffload.jar
# The operator runs as this user (its Deployment sets runAsNonRoot); the agent DaemonSet overrides it with
# root and privileged, which writing sysfs and devlink need.
USER 65532:65532
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/hwoffload/hwoffload.jar"]
