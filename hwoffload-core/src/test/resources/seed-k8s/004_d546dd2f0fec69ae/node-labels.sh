kubectl label nodes dpu-host k8s.ovn.org/dpu-host= 
kubectl label nodes dpu k8s.ovn.org/dpu=
