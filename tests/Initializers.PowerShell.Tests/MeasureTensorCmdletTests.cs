using System;
using System.Linq;
using System.Management.Automation;
using Initializers.Statistics;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Measure-Tensor: where the initializer comes from (-Initializer, an Initializer or Provenance.Initializer
    /// property on the piped tensor), its errors and warnings, lists and -Bins. The numbers themselves are the library's
    /// (tests/Initializers.Tests/Statistics); the default view is checked by the help examples in Pester.</summary>
    public class MeasureTensorCmdletTests
    {
        [Fact]
        public void MeasuresAPipedTensorWithoutExpectations()
        {
            // 0, 1, 2, 3, 4, 5: mean 2.5, population std sqrt(17.5 / 6).
            var m = (TensorMeasurement)Run.Ok("$t = New-ZerosTensor 6 -DType int32; 0..5 | % { $t[$_] = $_ }; $t | Measure-Tensor").Single()!;
            Assert.Equal(6, m.Count);
            Assert.Equal(2.5, m.Mean);
            Assert.Equal(Math.Sqrt(17.5 / 6), m.Std, 14);
            Assert.Null(m.Expected);
            Assert.Equal(10, m.Histogram.Counts.Count);
        }

        [Fact]
        public void InitializerByObjectGivesTheFormulasExpectation()
        {
            var m = (TensorMeasurement)Run.Ok("$i = New-Initializer GlorotUniform -Seed 3; New-Tensor $i 300, 400 | Measure-Tensor -Initializer $i").Single()!;
            Assert.Equal(Math.Sqrt(6.0 / 700), m.ExpectedMax!.Value, 15);
            Assert.Equal("GlorotUniform", m.Initializer!.ClassName);
        }

        [Fact]
        public void InitializerByNameAndByKerasDocument()
        {
            var byName = (TensorMeasurement)Run.Ok("$t = New-Tensor Ones 2, 3; Measure-Tensor $t Ones").Single()!;
            Assert.Equal((1.0, 0.0, true), (byName.ExpectedMean!.Value, byName.ExpectedStd!.Value, byName.Expected!.Exact));
            var byDocument = (TensorMeasurement)Run.Ok("New-ZerosTensor 4 | Measure-Tensor -Initializer @{ class_name = 'RandomNormal'; config = @{ stddev = 2 } }").Single()!;
            Assert.Equal(2.0, byDocument.ExpectedStd);
        }

        [Fact]
        public void AnInitializerNotePropertyOnTheTensorIsUsed()
        {
            var m = (TensorMeasurement)Run.Ok("$t = New-ZerosTensor 3; $t | Add-Member -NotePropertyName Initializer -NotePropertyValue 'Zeros'; $t | Measure-Tensor").Single()!;
            Assert.Equal("Zeros", m.Initializer!.ClassName);
            Assert.Equal(0.0, m.ExpectedMean);
        }

        [Fact]
        public void TheInitializerOfAProvenancePropertyIsUsed()
        {
            var m = (TensorMeasurement)Run.Ok(
                "$t = New-Tensor Ones 3; $t | Add-Member Provenance ([pscustomobject]@{ Initializer = @{ class_name = 'Ones'; config = @{} } }); $t | Measure-Tensor").Single()!;
            Assert.Equal("Ones", m.Initializer!.ClassName);
        }

        [Fact]
        public void ATensorMadeByAnInitializerIsMeasuredAgainstIt()
        {
            // HeNormal: truncated normal with std sqrt(2 / fan_in); fan_in of a 300x400 kernel is 300.
            var m = (TensorMeasurement)Run.Ok("New-Tensor (New-Initializer HeNormal -Seed 1) 300, 400 | Measure-Tensor").Single()!;
            Assert.Equal("HeNormal", m.Initializer!.ClassName);
            Assert.Equal(Math.Sqrt(2.0 / 300), m.ExpectedStd!.Value, 12);

            // Changing an element makes the values no longer the initializer's: no expectation.
            var changed = (TensorMeasurement)Run.Ok("$t = New-Tensor (New-Initializer HeNormal -Seed 1) 3, 4; $t[0, 0] = 5; $t | Measure-Tensor").Single()!;
            Assert.Null(changed.Expected);
        }

        [Fact]
        public void InitializerParameterWinsOverTheProperty()
        {
            var m = (TensorMeasurement)Run.Ok("$t = New-ZerosTensor 3; $t | Add-Member -NotePropertyName Initializer -NotePropertyValue 'Ones'; $t | Measure-Tensor -Initializer Zeros").Single()!;
            Assert.Equal("Zeros", m.Initializer!.ClassName);
        }

        [Fact]
        public void AnAttachedInitializerThatDoesNotFitWarnsAndMeasuresWithoutExpectation()
        {
            var run = Run.Script("$t = New-ZerosTensor 2, 2, 2; $t | Add-Member -NotePropertyName Initializer -NotePropertyValue 'Identity'; $t | Measure-Tensor 3>&1");
            Assert.Empty(run.Errors);
            var warning = Assert.IsType<WarningRecord>(run.Output[0].BaseObject);
            Assert.Contains("Identity matrix initializer can only be used for 2D matrices", warning.Message);
            Assert.Null(((TensorMeasurement)run.Output[1].BaseObject).Expected);
        }

        [Fact]
        public void AnExplicitInitializerThatRefusesTheTensorIsItsError()
        {
            var run = Run.Script("New-ZerosTensor 2, 2, 2 | Measure-Tensor -Initializer Identity");
            Assert.Empty(run.Output);
            Assert.StartsWith("InvalidRank,", run.Error.FullyQualifiedErrorId);
        }

        [Fact]
        public void InitializerMustNameExactlyOne()
        {
            var e = Run.Script("New-ZerosTensor 2 | Measure-Tensor -Initializer Zeros, Ones").Terminating!;
            Assert.StartsWith("OneInitializerExpected,", e.FullyQualifiedErrorId);
            var unknown = Run.Script("New-ZerosTensor 2 | Measure-Tensor -Initializer NoSuchThing").Terminating!;
            Assert.StartsWith("UnknownInitializer,", unknown.FullyQualifiedErrorId);
        }

        [Fact]
        public void EachTensorOfAListIsMeasuredAndOtherInputIsAnError()
        {
            var run = Run.Script("Measure-Tensor -InputObject @((New-ZerosTensor 2), 'text', (New-Tensor Ones 3))");
            Assert.Equal(new long[] { 2, 3 }, run.Output.Select(o => ((TensorMeasurement)o.BaseObject).Count));
            Assert.StartsWith("InvalidTensorInput,", Assert.Single(run.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void BoolAndStringTensorsAreUnsupportedDType()
        {
            var run = Run.Script("New-ZerosTensor 2 -DType bool | Measure-Tensor");
            Assert.StartsWith("UnsupportedDType,", run.Error.FullyQualifiedErrorId);
        }

        [Fact]
        public void BinsChoosesTheHistogramAndIsValidated()
        {
            var m = (TensorMeasurement)Run.Ok("New-Tensor (New-Initializer RandomUniform -Seed 1) 100 | Measure-Tensor -Bins 3").Single()!;
            Assert.Equal(3, m.Histogram.Counts.Count);
            Assert.Equal(100, m.Histogram.Counts.Sum());
            Assert.StartsWith("ParameterArgumentValidationError,", Run.Script("New-ZerosTensor 2 | Measure-Tensor -Bins 0").Terminating!.FullyQualifiedErrorId);
        }
    }
}
