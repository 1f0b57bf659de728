package org.nebulaha.conf.ccs;

/** {@code ccs --help}. */
final class CcsUsage {
    private CcsUsage() {}

    static final String TEXT = """
            Usage: ccs [OPTION]...
            Cluster configuration system: edit cluster.conf on a node (through ricci) or in a file.

                  --help            Display this help and exit
              -h, --host host       Cluster node to perform actions on (host or host:port; default localhost)
              -f, --file file       File to perform actions on (offline editing)
              -i, --ignore          Ignore validation errors in cluster.conf file
              -p, --password pw     Ricci password for the node(s) running ricci
              -d, --debug           Accepted for compatibility
                  --getconf         Print current cluster.conf file
                  --setconf         Send the file given with -f to the host given with -h
                  --checkconf       Verify that every node holds the same cluster.conf as the
                                    file (-f) or host (-h)
                  --sync [--activate]
                                    Send the config to all nodes and optionally activate it
                  --exp tag [location] [options]
                                    Expert mode: add any element (location like rm:service[0])
                  --exprm location  Expert mode: remove the element at location

            Cluster Operations:
                  --createcluster <cluster>
                                    Create a new cluster.conf (refuses to replace one; -i overrides)
                  --getversion      Get the current cluster.conf version
                  --setversion <n>  Set the cluster.conf version
                  --incversion      Increment the cluster.conf version by 1
                  --startall        Start the cluster daemons on all nodes
                  --stopall         Stop the cluster daemons on all nodes
                  --start           Start the cluster daemons on the host given with -h
                  --stop            Stop the cluster daemons on the host given with -h

            Node Operations:
                  --lsnodes         List all nodes in the cluster
                  --addnode <node> [--nodeid <id>] [--votes <votes>]
                                    Add node <node> to the cluster
                  --rmnode <node>   Remove a node from the cluster

            Fencing Operations:
                  --lsfencedev      List all of the fence devices configured
                  --lsfenceinst [<node>]
                                    List all of the fence methods and instances of a node (or all)
                  --addmethod <method> <node>
                                    Add a fence method to a specific node
                  --rmmethod <method> <node>
                                    Remove a fence method from a specific node
                  --addfencedev <device name> agent=<agent> [options]
                                    Add a fence device
                  --rmfencedev <fence device name>
                                    Remove a fence device
                  --addfenceinst <fence device name> <node> <method> [options]
                                    Add a fence instance to a node's method
                  --rmfenceinst <fence device name> <node> <method>
                                    Remove a fence instance
                  --setfencedaemon [options]
                                    Set fence daemon options (post_fail_delay, post_join_delay, clean_start...)

            Failover Domain Operations:
                  --lsfailoverdomain
                                    List all failover domains and their nodes
                  --addfailoverdomain <name> [restricted] [ordered] [nofailback]
                                    Add a failover domain
                  --rmfailoverdomain <name>
                                    Remove a failover domain
                  --addfailoverdomainnode <failover domain> <node> [priority]
                                    Add a node to a failover domain (priority 1..100, lower is preferred)
                  --rmfailoverdomainnode <failover domain> <node>
                                    Remove a node from a failover domain

            Service Operations:
                  --lsservices      List services and resources
                  --addresource <type> [options]
                                    Add a global resource (e.g. ip address=10.10.11.12 sleeptime=10)
                  --rmresource <type> [options]
                                    Remove the first global resource matching all options
                  --addservice <service name> [service options]
                                    Add a service (domain=, recovery=, autostart=, max_restarts=...)
                  --rmservice <service name>
                                    Remove a service
                  --addsubservice <service name> <subservice>[:<subservice>...] [options]
                                    Add a resource to a service (e.g. script ref=opennebula);
                                    index nested ones like ip[0]:script
                  --rmsubservice <service name> <subservice>[:<subservice>...]
                                    Remove a resource from a service

            Cluster-wide Settings (each replaces all attributes of the element):
                  --setcman [options]     e.g. two_node=1 expected_votes=1
                  --settotem [options]    e.g. token=1000
                  --setrm [options]       e.g. status_poll_interval=10
                  --setquorumd [options]  the quorum witness, e.g. host=physical port=5403 timeout=1000
                                          (no options: remove it); needs two_node=0
                  --setdlm [options]
                  --setlogging [options]

            Every change increments config_version by 1. Exit status: 0 success, 1 error, 2 usage error.
            """;
}
