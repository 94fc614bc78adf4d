using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>The .npy header dict parser (<c>NpyHeader</c>) on its own: the forms numpy and other writers produce
    /// (numpy's <c>ast.literal_eval</c> reads them: any spacing, either quote, a trailing comma, a one-element tuple, a
    /// list, the Python 2 <c>L</c> suffix, escapes in strings), and each way a header can be wrong, with its message.</summary>
    public class NpyHeaderTests
    {
        private static string Read(string text)
        {
            var header = NpyHeader.Parse(text, "f.npy");
            return $"{header.Descr ?? "[" + header.StructuredDescr + "]"}|{header.FortranOrder}|{string.Join(",", header.Shape)}";
        }

        [Theory]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", "<f4|False|3,4")]
        [InlineData("{\"shape\":(3,),\"descr\":\"<i8\",\"fortran_order\":True}", "<i8|True|3")]
        [InlineData("  {  'descr' : '|b1' ,\t'fortran_order' : False , 'shape' : ( ) }  \n", "|b1|False|")]
        [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 5L)}", "<f8|False|2,5")]
        [InlineData("{'descr': 'it\\'s', 'fortran_order': False, 'shape': (1,)}", "it's|False|1")]
        [InlineData("{'descr': \"a\\\\b\\\"c\", 'fortran_order': False, 'shape': (1,)}", "a\\b\"c|False|1")]
        [InlineData("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,)}", "[[('x', '<f4')]]|False|1")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (+3, -1)}", "<f4|False|3,-1")] // the reader checks the signs
        public void HeadersOfEveryFormNumpyReadsAreRead(string text, string expected) => Assert.Equal(expected, Read(text));

        [Theory]
        [InlineData("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", "the key 'descr' appears twice")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", "unexpected text after the dict at position 56")]
        [InlineData("{'descr': '<f4', 'fortran_order': False}", "the key 'shape' is missing")]
        [InlineData("{'descr': 4, 'fortran_order': False, 'shape': (1,)}", "'descr' is 4, not a string")]
        [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "'fortran_order' is 0, not True or False")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': 3}", "'shape' is 3, not a tuple of integers")]
        // numpy: "shape is not valid" unless it is a tuple.
        [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 5]}", "'shape' is [2, 5], not a tuple of integers")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 'a')}", "'shape' is (3, 'a'), not a tuple of integers")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", "it has the key 'x'; a .npy header holds exactly 'descr', 'fortran_order' and 'shape'")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((1,),),),),),),),),),)}", "values are nested too deeply")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,", "it ends early")]
        [InlineData("{'descr': '<f4', ", "it ends early")] // where a key was expected
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': @}", "unexpected '@' at position 50")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-,)}", "expected a digit at position 52")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", "it ends where '}' was expected")]
        [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}", "expected '}' at position 16, found '''")] // after a value: a comma or the end of the dict
        [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", "expected '}' at position 17, found 'f'")] // the string ran to the next quote
        [InlineData("{'descr': '<f4", "a string is not closed")]
        [InlineData("{'descr': 'a\\", "a string is not closed")]
        [InlineData("{'descr': 'a\\n', 'fortran_order': False, 'shape': (1,)}", "unsupported escape '\\n' in a string")]
        [InlineData("{descr: '<f4', 'fortran_order': False, 'shape': (1,)}", "expected a quoted string at position 1")]
        [InlineData("{'descr': '<f4', 'fortran_order': Falsey, 'shape': (1,)}", "unexpected 'F' at position 34")]
        public void AnInvalidHeaderSaysWhatAndWhere(string text, string why)
        {
            var error = Assert.Throws<InitializerException>(() => NpyHeader.Parse(text, "f.npy"));
            Assert.Equal("NpyHeaderInvalid", error.ErrorId);
            Assert.StartsWith("The .npy header of 'f.npy' is not valid: " + why, error.Message);
            Assert.EndsWith(". Header: " + text.Trim(), error.Message);
        }

        /// <summary>The message quotes at most 200 characters of the header.</summary>
        [Fact]
        public void ALongHeaderIsQuotedInPart()
        {
            var text = "{'descr': '" + new string('x', 300) + "', 'fortran_order': 0, 'shape': (1,)}";
            var error = Assert.Throws<InitializerException>(() => NpyHeader.Parse(text, "f.npy"));
            Assert.EndsWith(". Header: " + text.Substring(0, 200) + "...", error.Message);
            var exactly = "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}".PadRight(200, ' ');
            Assert.EndsWith(". Header: " + exactly.Trim(), Assert.Throws<InitializerException>(() => NpyHeader.Parse(exactly, "f.npy")).Message);
        }
    }
}
