# hwoffload image: the operator (reconciler + pod webhook) and the node agent run the same CLI jar.
#   docker build -t registry.example.com/hwoffload:0.1.0 .
#   hwoffload install --image registry.example.com/hwoffload:0.1.0 | kubectl apply -f -

FROM maven:3.9-eclipse-temurin-17 AS build
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
