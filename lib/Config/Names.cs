using System.Text.RegularExpressions;

namespace Initializers.Config
{
    /// <summary>The name conversions Keras and TensorFlow.js use between class names, snake_case and camelCase.</summary>
    internal static class Names
    {
        private static readonly Regex NonWord = new(@"\W+", RegexOptions.CultureInvariant);
        private static readonly Regex UpperWord = new("(.)([A-Z][a-z]+)", RegexOptions.CultureInvariant);
        private static readonly Regex LowerUpper = new("([a-z0-9])([A-Z])", RegexOptions.CultureInvariant);
        private static readonly Regex KerasLowerUpper = new("([a-z])([A-Z])", RegexOptions.CultureInvariant);

        /// <summary>Keras 3 <c>to_snake_case</c>: <c>GlorotUniform</c> to <c>glorot_uniform</c>, <c>STFT</c> to <c>stft</c>;
        /// TensorFlow.js camelCase such as <c>fanIn</c> becomes <c>fan_in</c>.</summary>
        public static string ToSnakeCase(string name)
        {
            var s = NonWord.Replace(name, "");
            s = UpperWord.Replace(s, "$1_$2");
            s = LowerUpper.Replace(s, "$1_$2");
            return s.ToLowerInvariant();
        }

        /// <summary>Keras 3 <c>keras.src.utils.naming.to_snake_case</c>, which names saved objects after their class:
        /// <c>Conv2DTranspose</c> to <c>conv2d_transpose</c>, <c>PReLU</c> to <c>p_re_lu</c>, <c>SimpleRNN</c> to
        /// <c>simple_rnn</c> (a digit does not start a new word, unlike <see cref="ToSnakeCase"/>).</summary>
        public static string ToKerasSnakeCase(string name)
        {
            var s = NonWord.Replace(name, "");
            s = UpperWord.Replace(s, "$1_$2");
            s = KerasLowerUpper.Replace(s, "$1_$2");
            return s.ToLowerInvariant();
        }

        public static string LowerFirst(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
