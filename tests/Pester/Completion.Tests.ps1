BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Tab completion' {
    It 'completes initializer class names and aliases, case-insensitively' {
        $m = Complete 'New-Initializer glo'
        $m | Should -Contain 'GlorotUniform'
        $m | Should -Contain 'glorot_uniform'
        $m | Should -Not -Contain 'Zeros'
        Complete 'New-Initializer ZER' | Should -Contain 'Zeros'
    }

    It 'completes names with a wildcard' {
        Complete 'Get-Initializer *uniform' | Should -Contain 'RandomUniform'
    }

    It 'lists class names before aliases' {
        (Complete 'New-Initializer ')[0] | Should -Be 'Zeros'
    }

    It 'completes dtypes for <_>' -ForEach 'New-ZerosTensor 2 -DType in', 'New-Tensor Zeros 2 -DType in' {
        Complete $_ | Should -Be @('int8', 'int16', 'int32', 'int64')
    }

    It 'works through CommandCompletion.CompleteInput too' {
        $line = 'ConvertFrom-InitializerConfig -ClassName const'
        $r = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)
        $r.CompletionMatches.CompletionText | Should -Contain 'Constant'
    }
}
