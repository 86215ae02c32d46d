"""Prints the Java kernel's kernel.json: JJava on the lab's JDK with the lab jar on its class path.

usage: python kernel_spec.py JAVA LAB_JAR LAB_HOME LAB_JDK_DIRS   (./lab setup writes the output
into the venv's share/jupyter/kernels/escape-lab-java/)
"""

import json
import sys

# Run by JJava in the notebook's JShell before the first cell: a Renderable that is a cell's value
# then shows the rich output Display.show publishes, not its toString(). Reflection and the catch
# keep the kernel starting when the lab jar is missing or broken (JJava ends the kernel when a
# startup snippet fails); the values are then shown as text.
STARTUP_SCRIPT = ('try { Class.forName("escapelab.notebook.Display").getMethod("registerWithKernel").invoke(null); }'
                  ' catch (Throwable e) { }')


def kernel_spec(java, jar, home, jdk_dirs):
    # jjava.jar is started directly: JJava's launcher jar would start the kernel on the first java
    # on PATH, whatever JDK this spec names. These are the options the launcher adds, plus JOL's.
    return {
        "argv": [java, "-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true",
                 "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
                 "-jar", "{resource_dir}/jjava.jar", "{connection_file}"],
        "display_name": "Java 25 (Escape Lab)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "JJAVA_CLASSPATH": jar,
            "LAB_HOME": home,
            "LAB_JDK_DIRS": jdk_dirs,
            "JJAVA_STARTUP_SCRIPT": STARTUP_SCRIPT,
        },
        "metadata": {"escape-lab": True},
    }


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__.strip())
    print(json.dumps(kernel_spec(*sys.argv[1:]), indent=2))
