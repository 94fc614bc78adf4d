using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Initializers.PowerShell.Internal
{
    /// <summary>Loads the library and its third-party dependencies when the module is imported, without letting
    /// them clash with other versions in the session (the PSResourceGet / platyPS pattern).</summary>
    /// <remarks>
    /// Module layout (see build.ps1):
    /// <code>
    /// Initializers.PowerShell.dll          this assembly (netstandard2.0, cmdlets only)
    /// lib/net8.0/Initializers.dll          the library with its SIMD paths, for PowerShell 7 (.NET 8+)
    /// lib/netstandard2.0/Initializers.dll  the library for Windows PowerShell 5.1 (and .NET before 8)
    /// Dependencies/net8.0/*.dll            MathNet.Numerics, YamlDotNet for the net8.0 library
    /// Dependencies/netstandard2.0/*.dll    the same plus System.Memory and friends for the netstandard2.0 library
    /// </code>
    /// Nothing is found by the runtime's own probing, so every load comes to the AssemblyResolve handler:
    /// <list type="bullet">
    /// <item><c>Initializers</c> is loaded with <see cref="Assembly.LoadFrom(string)"/> into the default context, so its
    /// types (Tensor, InitializerInfo, ...) are visible to PowerShell, the format file and type literals.</item>
    /// <item>A dependency requested by our assemblies (or by another dependency) is loaded, on .NET (Core), into a
    /// private AssemblyLoadContext created through reflection (netstandard2.0 cannot name the type). Another
    /// module's YamlDotNet in the default context is then irrelevant to us, and ours invisible to it. On .NET
    /// Framework there is no ALC; the dependency is loaded with LoadFrom (best effort, as every 5.1 module).</item>
    /// </list>
    /// Nothing else happens at import: no library type is touched until a cmdlet runs.
    /// </remarks>
    public sealed class ModuleLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private const string LibraryName = "Initializers";
        private static readonly object Gate = new();
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location) ?? "";
        private static readonly bool IsCore = typeof(object).Assembly.GetName().Name == "System.Private.CoreLib";

        // net8.0 needs .NET 8 or later (PowerShell 7.4+); anything older takes the netstandard2.0 build.
        private static readonly string Tfm = IsCore && Environment.Version.Major >= 8 ? "net8.0" : "netstandard2.0";
        private static readonly string LibraryPath = Path.Combine(ModuleDirectory, "lib", Tfm, LibraryName + ".dll");
        private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "Dependencies", Tfm);

        private static Dictionary<string, string>? dependencies;
        private static object? loadContext;
        private static MethodInfo? loadFromPath;
        private static bool hooked;

        /// <summary>The private load context's name (visible in <c>[System.Runtime.Loader.AssemblyLoadContext]::All</c>).</summary>
        public const string LoadContextName = "Initializers.Dependencies";

        public void OnImport() => Hook();

        public void OnRemove(PSModuleInfo psModuleInfo) => Unhook();

        internal static void Hook()
        {
            lock (Gate)
            {
                if (hooked)
                {
                    return;
                }

                // In-process hosts (the xunit tests, a project reference) carry the library and its dependencies next
                // to this dll and resolve them through their deps.json: there is nothing to do.
                if (!File.Exists(LibraryPath))
                {
                    return;
                }

                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                hooked = true;
            }
        }

        internal static void Unhook()
        {
            lock (Gate)
            {
                if (hooked)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                    hooked = false;
                }
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (name is null)
            {
                return null;
            }

            if (string.Equals(name, LibraryName, StringComparison.OrdinalIgnoreCase))
            {
                // Only for our own request: another assembly called Initializers is none of our business.
                return IsOurs(args.RequestingAssembly) ? Assembly.LoadFrom(LibraryPath) : null;
            }

            var deps = Dependencies();
            if (!deps.TryGetValue(name, out var path) || !IsOurs(args.RequestingAssembly))
            {
                return null;
            }

            return LoadDependency(path);
        }

        /// <summary>True for requests from this module, the library, or one of the dependencies. A null requester
        /// (reflection-only paths, some runtime internals) is accepted: the name is checked against our files anyway.</summary>
        private static bool IsOurs(Assembly? requester)
        {
            if (requester is null)
            {
                return true;
            }

            var name = requester.GetName().Name;
            if (name is null)
            {
                return false;
            }

            if (name == LibraryName || name == typeof(ModuleLoader).Assembly.GetName().Name)
            {
                return true;
            }

            var location = SafeLocation(requester);
            return location.Length > 0 && location.StartsWith(ModuleDirectory, StringComparison.OrdinalIgnoreCase);
        }

        private static string SafeLocation(Assembly assembly)
        {
            try
            {
                return assembly.Location ?? "";
            }
            catch (NotSupportedException)
            {
                return "";
            }
        }

        private static Dictionary<string, string> Dependencies()
        {
            lock (Gate)
            {
                if (dependencies is null)
                {
                    var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    if (Directory.Exists(DependencyDirectory))
                    {
                        foreach (var file in Directory.GetFiles(DependencyDirectory, "*.dll"))
                        {
                            map[Path.GetFileNameWithoutExtension(file)] = file;
                        }
                    }

                    dependencies = map;
                }

                return dependencies;
            }
        }

        private static Assembly LoadDependency(string path)
        {
            if (!IsCore)
            {
                return Assembly.LoadFrom(path);
            }

            lock (Gate)
            {
                if (loadContext is null)
                {
                    // new AssemblyLoadContext(name, isCollectible: false), and its LoadFromAssemblyPath, by reflection.
                    var alcType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: true)!;
                    loadContext = Activator.CreateInstance(alcType, LoadContextName, false);
                    loadFromPath = alcType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
                }
            }

            // The ALC returns the already-loaded assembly when asked for the same path again.
            return (Assembly)loadFromPath!.Invoke(loadContext, new object[] { path })!;
        }
    }
}
