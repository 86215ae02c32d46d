"""Prints the Java kernel's kernel.json: JJava on the lab's JDK with the lab jar on its class path.

usage: python kernel_spec.py JAVA LAB_JAR LAB_HOME LAB_JDK_DIRS [--aot-cache FILE | --aot-output FILE --jar JJAVA_JAR] [--lab-aot-cache FILE]
(./lab setup writes the output into the venv's share/jupyter/kernels/escape-lab-java/)

--aot-cache starts the kernel's JVM with the ahead-of-time cache FILE (JDK 25, JEP 483); --aot-output
is the spec of its training run (kernel_training.py), which writes FILE, with JJava's jar named by
the path the installed kernel will use: a cache is used only with the class path it was made with.
--lab-aot-cache names the lab JVM's cache for LAB_JAR (LAB_AOT_CACHE): the grader's test JVMs, which a
notebook's grading cell starts, start from it, as they do under ./lab grade.
"""

import argparse
import json
import sys

# Run by JJava in the notebook's JShell before the first cell: a Renderable that is a cell's value
# then shows the rich output Display.show publishes, not its toString(). Reflection and the catch
# keep the kernel starting when the lab jar is missing or broken (JJava ends the kernel when a
# startup snippet fails); the values are then shown as text.
STARTUP_SCRIPT = ('try { Class.forName("escapelab.notebook.Display").getMethod("registerWithKernel").invoke(null); }'
                  ' catch (Throwable e) { }')


def kernel_spec(java, jar, home, jdk_dirs, aot_cache=None, aot_output=None, jjava_jar="{resource_dir}/jjava.jar",
                lab_aot_cache=None):
    # -Xlog:aot*=off: a cache this JVM cannot use (another JDK build) is left out without a warning.
    aot = (["-XX:AOTCache=" + aot_cache, "-Xlog:aot*=off"] if aot_cache
           else ["-XX:AOTCacheOutput=" + aot_output] if aot_output else [])
    # jjava.jar is started directly: JJava's launcher jar would start the kernel on the first java
    # on PATH, whatever JDK this spec names. These are the options the launcher adds, plus JOL's.
    return {
        "argv": [java, *aot, "-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true",
                 "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
                 "-jar", jjava_jar, "{connection_file}"],
        "display_name": "Java 25 (Escape Lab)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "JJAVA_CLASSPATH": jar,
            "LAB_HOME": home,
            "LAB_JDK_DIRS": jdk_dirs,
            "JJAVA_STARTUP_SCRIPT": STARTUP_SCRIPT,
            **({"LAB_AOT_CACHE": lab_aot_cache} if lab_aot_cache else {}),
        },
        "metadata": {"escape-lab": True},
    }


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__.strip())
    parser = argparse.ArgumentParser(usage=__doc__.strip())
    for name in ("java", "jar", "home", "jdk_dirs"):
        parser.add_argument(name)
    aot = parser.add_mutually_exclusive_group()
    aot.add_argument("--aot-cache")
    aot.add_argument("--aot-output")
    parser.add_argument("--jar", dest="jjava_jar", default="{resource_dir}/jjava.jar")
    parser.add_argument("--lab-aot-cache")
    a = parser.parse_args()
    print(json.dumps(kernel_spec(a.java, a.jar, a.home, a.jdk_dirs, a.aot_cache, a.aot_output, a.jjava_jar, a.lab_aot_cache),
                     indent=2))
