using System.Collections;
using System.Collections.Generic;
using Initializers.Serialization;
using Xunit;

namespace Initializers.Tests.Api
{
    /// <summary>A custom initializer registered with the catalog loads from configs, as Keras's
    /// <c>custom_objects</c> / <c>@register_keras_serializable</c> make a custom class loadable.</summary>
    public class RegistrationTests
    {
        [Fact]
        public void ConfigsNamingARegisteredClassLoad()
        {
            const string json = "{\"module\": \"keras.initializers\", \"class_name\": \"FilledWith\", \"config\": {\"fill_value\": 0.25}, \"registered_name\": null}";
            Assert.False(InitializerCatalog.TryGet("FilledWith", out _));
            Assert.Equal("UnknownInitializer", Assert.Throws<InitializerException>(() => InitializerText.Parse(json)).ErrorId);

            var info = InitializerCatalog.Register<FilledWith>("Every element is fill_value.", new[] { "filled" });
            Assert.Equal("FilledWith", info.ClassName);
            Assert.Contains("filled_with", info.Aliases);
            Assert.Contains("filled", info.Aliases);
            Assert.Equal("fill_value", Assert.Single(info.ConfigKeys).Name);
            Assert.Equal(0.5, info.ConfigKeys[0].Default);
            Assert.Contains(info, InitializerCatalog.All);

            var loaded = Assert.IsType<FilledWith>(Assert.Single(InitializerText.Parse(json)));
            Assert.Equal(0.25, loaded.FillValue);
            Assert.Equal(new[] { 0.25f, 0.25f }, loaded.Call(new[] { 2 }).ToArray<float>());
            Assert.Equal(0.5, Assert.IsType<FilledWith>(InitializerCatalog.Create("filled", null)).FillValue);
            Assert.Equal(0.75, Assert.IsType<FilledWith>(Initializer.FromConfig("filled_with", new Hashtable { ["fill_value"] = 0.75 })).FillValue);
            var back = Assert.Single(InitializerText.Parse(InitializerText.Write(loaded, ConfigFormat.Yaml)));
            Assert.Equal(loaded, back);

            // Checked like a built-in class: an unknown key names itself, a text value for a number is refused.
            Assert.Equal("UnknownConfigKey", Assert.Throws<InitializerException>(() => InitializerCatalog.Create("FilledWith", new Hashtable { ["value"] = 1 })).ErrorId);
            Assert.Throws<InitializerException>(() => InitializerCatalog.Create("FilledWith", new Hashtable { ["fill_value"] = "x" }));

            // Registering it again is harmless.
            Assert.Same(info, InitializerCatalog.Register(typeof(FilledWith)));
        }

        [Fact]
        public void ANameThatIsTakenIsRefused()
        {
            var ex = Assert.Throws<InitializerException>(() => InitializerCatalog.Register<Zeros>());
            Assert.Equal("InitializerNameTaken", ex.ErrorId);
            Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
            Assert.Contains("'Zeros'", ex.Message);
            Assert.Equal("InitializerNameTaken", Assert.Throws<InitializerException>(() => InitializerCatalog.Register<Renamed>(aliases: new[] { "glorot_uniform" })).ErrorId);
            Assert.False(InitializerCatalog.TryGet("Renamed", out _));
            Assert.IsType<global::Initializers.Family.Zeros>(InitializerCatalog.Create("zeros", null));
        }

        [Fact]
        public void AClassThatCannotBeDescribedIsRefused()
        {
            Assert.Equal("InvalidInitializerClass", Assert.Throws<InitializerException>(() => InitializerCatalog.Register(typeof(string))).ErrorId);
            Assert.Equal("InvalidInitializerClass", Assert.Throws<InitializerException>(() => InitializerCatalog.Register(typeof(Initializer))).ErrorId);
            var two = Assert.Throws<InitializerException>(() => InitializerCatalog.Register<TwoConstructors>());
            Assert.Equal("InvalidInitializerClass", two.ErrorId);
            Assert.Contains("2 public constructors", two.Message);
        }

        /// <summary>A custom initializer: every element is one value.</summary>
        public sealed class FilledWith : Initializer
        {
            public FilledWith(double fillValue = 0.5) => FillValue = fillValue;

            public double FillValue { get; }

            public override string ClassName => "FilledWith";

            protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
            {
                yield return Arg("fill_value", FillValue);
            }

            protected override Tensor Generate(int[] shape, DType dtype)
            {
                var tensor = Tensor.Zeros(shape, dtype);
                for (long i = 0; i < tensor.Count; i++)
                {
                    tensor.SetFlat(i, FillValue);
                }

                return tensor;
            }
        }

        /// <summary>Named like a built-in class.</summary>
        public sealed class Zeros : Initializer
        {
            public override string ClassName => "Zeros";

            protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries() => new List<KeyValuePair<string, object?>>();

            protected override Tensor Generate(int[] shape, DType dtype) => Tensor.Zeros(shape, dtype);
        }

        /// <summary>A fresh name, but an alias that is taken.</summary>
        public sealed class Renamed : Initializer
        {
            public override string ClassName => "Renamed";

            protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries() => new List<KeyValuePair<string, object?>>();

            protected override Tensor Generate(int[] shape, DType dtype) => Tensor.Zeros(shape, dtype);
        }

        /// <summary>Config keys cannot come from two constructors.</summary>
        public sealed class TwoConstructors : Initializer
        {
            public TwoConstructors()
            {
            }

            public TwoConstructors(double scale) => Scale = scale;

            public double Scale { get; }

            public override string ClassName => "TwoConstructors";

            protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries() => new List<KeyValuePair<string, object?>>();

            protected override Tensor Generate(int[] shape, DType dtype) => Tensor.Zeros(shape, dtype);
        }
    }
}
